#include "provisioner/transport/deadline.hpp"

#include <cstdio>

namespace klab::provisioner {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

Clock::time_point deadline_after(milliseconds budget) {
  const Clock::time_point now = Clock::now();
  if (budget <= milliseconds(0)) return now;
  const auto headroom = std::chrono::duration_cast<milliseconds>(Clock::time_point::max() - now);
  if (budget >= headroom) return Clock::time_point::max();
  return now + budget;
}

milliseconds remaining(Clock::time_point deadline) {
  if (deadline == Clock::time_point::max()) return milliseconds::max();
  // Rounded up: "0 ms left" must mean the deadline has passed, not "under 1 ms left".
  return std::chrono::ceil<milliseconds>(deadline - Clock::now());
}

milliseconds elapsed_since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

std::string format_duration(milliseconds d) {
  char buf[32];
  const long long ms = d.count();
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%lldms", ms);
  } else if (ms < 60'000) {
    std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(ms) / 1000.0);
  } else {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", ms / 60'000, (ms % 60'000) / 1000);
  }
  return buf;
}

}  // namespace klab::provisioner
