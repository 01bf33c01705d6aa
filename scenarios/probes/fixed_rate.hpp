#pragma once
// The fixed-rate schedule every probe and the writer follow: slot k starts at
// first + k * interval, whatever the previous sample took, so the schedule never
// drifts. When the loop wakes up so late that slots already passed, they are skipped
// (and counted) rather than fired in a burst.
#include <chrono>
#include <cstddef>

namespace klab::scenarios {

struct NextSlot {
  std::chrono::steady_clock::time_point at;
  std::size_t skipped = 0;
};

/// The slot after `current` that is still in the future at `now`.
NextSlot next_slot(std::chrono::steady_clock::time_point current, std::chrono::milliseconds interval,
                   std::chrono::steady_clock::time_point now);

}  // namespace klab::scenarios
