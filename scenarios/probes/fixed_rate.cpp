#include "scenarios/probes/fixed_rate.hpp"

namespace klab::scenarios {

NextSlot next_slot(std::chrono::steady_clock::time_point current, std::chrono::milliseconds interval,
                   std::chrono::steady_clock::time_point now) {
  NextSlot next{current + interval, 0};
  if (interval.count() <= 0 || next.at > now) return next;
  auto behind = now - next.at;
  auto skip = static_cast<std::size_t>(behind / interval) + 1;
  next.at += interval * static_cast<long>(skip);
  next.skipped = skip;
  return next;
}

}  // namespace klab::scenarios
