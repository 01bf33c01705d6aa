#include "scenarios/cluster_view.hpp"

namespace klab::scenarios {

std::string to_string(VrrpState state) {
  switch (state) {
    case VrrpState::master: return "MASTER";
    case VrrpState::backup: return "BACKUP";
    case VrrpState::fault: return "FAULT";
    case VrrpState::stopped: return "STOPPED";
    case VrrpState::silent: return "not advertising";
    case VrrpState::unknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

}  // namespace klab::scenarios
