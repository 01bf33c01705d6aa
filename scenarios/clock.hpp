#pragma once
// Clock: the engine's time source, so holds and bounded waits run instantly in unit
// tests (a fake advances on sleep). wait_until() is the one way to wait: on a condition,
// with a deadline, checking for Ctrl-C between polls.
#include <chrono>
#include <functional>

namespace klab::scenarios {

class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual time_point now() = 0;
  virtual void sleep_for(std::chrono::milliseconds d) = 0;
};

/// The real monotonic clock.
class SteadyClock : public Clock {
 public:
  time_point now() override { return std::chrono::steady_clock::now(); }
  void sleep_for(std::chrono::milliseconds d) override;
};

enum class WaitResult { met, timed_out, interrupted };

/// Evaluates `condition` every `poll` until it holds, `deadline` passes or `interrupted`
/// returns true. The condition is evaluated at least once, even past the deadline.
WaitResult wait_until(Clock& clock, Clock::time_point deadline, std::chrono::milliseconds poll,
                      const std::function<bool()>& condition,
                      const std::function<bool()>& interrupted);

}  // namespace klab::scenarios
