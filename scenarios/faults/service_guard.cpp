#include "scenarios/faults/service_guard.hpp"

#include "provisioner/transport/shell_quote.hpp"
#include "scenarios/faults/guest_ops.hpp"

namespace klab::scenarios {

std::unique_ptr<ActiveFault> service_running_guard(const std::string& description,
                                                   const std::string& host, const std::string& unit) {
  return make_guard(
      description,
      [host, unit](FaultContext& c) {
        provisioner::Transport& t = c.transport(host);
        if (unit_active(t, unit)) return;
        // A unit killed repeatedly may be in the failed state with its start limit hit.
        t.run("systemctl reset-failed " + provisioner::shell_quote(unit) + " 2>/dev/null; true",
              guest_deadline);
        systemctl(t, "start", unit);
      },
      [host, unit](FaultContext& c) -> std::optional<std::string> {
        if (unit_active(c.transport(host), unit)) return std::nullopt;
        return unit + " is not active on " + host;
      });
}

std::unique_ptr<ActiveFault> no_restart_guard(const std::string& host, const std::string& unit) {
  return make_guard(
      "systemd restart of " + unit + " disabled on " + host,
      [host, unit](FaultContext& c) { clear_no_restart(c.transport(host), unit); },
      [host, unit](FaultContext& c) -> std::optional<std::string> {
        if (!has_no_restart(c.transport(host), unit)) return std::nullopt;
        return "the Restart=no drop-in for " + unit + " is still on " + host;
      });
}

}  // namespace klab::scenarios
