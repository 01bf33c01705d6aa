#include "scenarios/clock.hpp"

#include <algorithm>
#include <thread>

namespace klab::scenarios {

void SteadyClock::sleep_for(std::chrono::milliseconds d) {
  if (d.count() > 0) std::this_thread::sleep_for(d);
}

WaitResult wait_until(Clock& clock, Clock::time_point deadline, std::chrono::milliseconds poll,
                      const std::function<bool()>& condition,
                      const std::function<bool()>& interrupted) {
  for (;;) {
    if (interrupted && interrupted()) return WaitResult::interrupted;
    if (condition()) return WaitResult::met;
    const Clock::time_point now = clock.now();
    if (now >= deadline) return WaitResult::timed_out;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    clock.sleep_for(std::max(std::chrono::milliseconds(1), std::min(poll, left)));
  }
}

}  // namespace klab::scenarios
