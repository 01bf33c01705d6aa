#pragma once
// Deadline arithmetic on the steady clock, saturating so that "no deadline"
// (milliseconds::max()) never overflows.
#include <chrono>
#include <string>

namespace klab::provisioner {

/// now + budget, or time_point::max() when the budget does not fit.
std::chrono::steady_clock::time_point deadline_after(std::chrono::milliseconds budget);
/// Time left until `deadline` (negative once passed; milliseconds::max() if unbounded).
std::chrono::milliseconds remaining(std::chrono::steady_clock::time_point deadline);
std::chrono::milliseconds elapsed_since(std::chrono::steady_clock::time_point start);
/// "850ms", "2.4s", "3m05s".
std::string format_duration(std::chrono::milliseconds d);

}  // namespace klab::provisioner
