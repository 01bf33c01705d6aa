#include "scenarios/faults/power.hpp"

namespace klab::scenarios {

std::unique_ptr<ActiveFault> running_again_guard(const std::string& description,
                                                 const std::string& host) {
  return make_guard(
      description,
      [host](FaultContext& c) {
        const lab::HostState s = c.lab.state(host);
        if (s == lab::HostState::paused) c.lab.resume(host);
        else if (s != lab::HostState::running) c.lab.start(host);
      },
      [host](FaultContext& c) -> std::optional<std::string> {
        const lab::HostState s = c.lab.state(host);
        if (s == lab::HostState::running) return std::nullopt;
        return host + " is " + lab::to_string(s) + ", not running";
      });
}

}  // namespace klab::scenarios
