#pragma once
// The guard of every fault that takes a systemd unit down: the unit runs again after.
#include <memory>
#include <string>

#include "scenarios/faults/fault.hpp"

namespace klab::scenarios {

/// Revert: reset-failed + start `unit` on `host` (nothing when active).
/// Left behind: `unit` not active on `host`.
std::unique_ptr<ActiveFault> service_running_guard(const std::string& description,
                                                   const std::string& host, const std::string& unit);

/// Revert: remove the Restart=no drop-in of `unit` on `host` (set_no_restart).
/// Left behind: the drop-in is still there.
std::unique_ptr<ActiveFault> no_restart_guard(const std::string& host, const std::string& unit);

}  // namespace klab::scenarios
