#pragma once
// Shared by the power faults (destroy, reset, reboot): the guard that makes sure the
// host runs again afterwards.
#include <memory>
#include <string>

#include "scenarios/faults/fault.hpp"

namespace klab::scenarios {

/// Revert: start `host` unless it is running (a reset host boots by itself).
/// Left behind: `host` not running.
std::unique_ptr<ActiveFault> running_again_guard(const std::string& description,
                                                 const std::string& host);

}  // namespace klab::scenarios
