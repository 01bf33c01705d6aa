#include "scenarios/live/vrrp_probe.hpp"

#include <optional>
#include <sstream>

#include "provisioner/transport/shell_quote.hpp"

namespace klab::scenarios {

namespace {

constexpr const char* unit_marker = "@@klab-keepalived ";
constexpr const char* state_marker = "@@klab-state ";

VrrpState state_word(const std::string& word) {
  if (word == "MASTER") return VrrpState::master;
  if (word == "BACKUP") return VrrpState::backup;
  if (word == "FAULT") return VrrpState::fault;
  if (word == "STOP") return VrrpState::stopped;
  return VrrpState::unknown;
}

}  // namespace

std::string vrrp_probe_command(const std::string& state_log) {
  // pidof, not `systemctl is-active`: under TCG systemctl costs a guest a large share of
  // a second of CPU, and this runs several times a second on every VIP host.
  return "ip -4 -o addr show; if pidof keepalived >/dev/null; then echo '" + std::string(unit_marker) +
         "active'; else echo '" + std::string(unit_marker) + "inactive'; fi; echo \"" + std::string(state_marker) +
         "$(tail -n 1 " + provisioner::shell_quote(state_log) + " 2>/dev/null)\"";
}

VrrpProbe parse_vrrp_probe(const std::string& output, const std::string& vip) {
  VrrpProbe probe;
  std::optional<bool> active;
  VrrpState logged = VrrpState::unknown;
  std::istringstream in(output);
  std::string line;
  const std::string inet = " inet " + vip + "/";
  while (std::getline(in, line)) {
    if (line.rfind(unit_marker, 0) == 0) {
      active = line.substr(std::string(unit_marker).size()) == "active";
    } else if (line.rfind(state_marker, 0) == 0) {
      const auto at = line.find(" state=");
      if (at != std::string::npos) {
        std::istringstream rest(line.substr(at + 7));
        std::string word;
        rest >> word;
        logged = state_word(word);
      }
    } else if (line.find(inet) != std::string::npos) {
      probe.holds_vip = true;
    }
  }
  if (!active) probe.state = VrrpState::unknown;
  else if (!*active) probe.state = VrrpState::stopped;
  else probe.state = logged;
  return probe;
}

}  // namespace klab::scenarios
