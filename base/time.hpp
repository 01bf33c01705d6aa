#pragma once
// Wall-clock timestamps for records and manifests (not for measuring: use steady_clock).
#include <string>

namespace klab::base {

/// The current time as "2024-05-01T10:00:00Z" (UTC, whole seconds).
std::string utc_now_iso8601();

}  // namespace klab::base
