#pragma once
// One SSH round trip per VIP host tells both what keepalived thinks (its unit state and
// the last line the notify hook wrote to the state log, docs/templates.md) and whether
// the host has the VIP on an interface (`ip -4 -o addr show`). The command and its
// parsing, pure, so they are tested on captured output.
#include <string>

#include "scenarios/cluster_view.hpp"

namespace klab::scenarios {

struct VrrpProbe {
  VrrpState state = VrrpState::unknown;
  bool holds_vip = false;
};

/// The guest command; `state_log` is the notify hook's log (settings.keepalived.state_log).
std::string vrrp_probe_command(const std::string& state_log);

/// Parses the command's output. No keepalived process ⇒ stopped, whatever the log says
/// (a SIGKILLed keepalived never ran its STOP notify); running ⇒ the last logged state.
VrrpProbe parse_vrrp_probe(const std::string& output, const std::string& vip);

}  // namespace klab::scenarios
