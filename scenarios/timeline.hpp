#pragma once
// Timeline: one list merging infrastructure and client events of a case (fault injected,
// leader changed, VIP moved, probe outage, check failed), each at milliseconds since the
// case began. Reports render it; the JSON keeps it for machines.
#include <chrono>
#include <string>
#include <vector>

#include "scenarios/clock.hpp"

namespace klab::scenarios {

enum class EventKind { step, fault, revert, state, probe, finding, check, note };
std::string to_string(EventKind kind);  // "step", "fault", ...

struct TimelineEvent {
  std::chrono::milliseconds at{0};  // since the case began
  EventKind kind = EventKind::note;
  std::string host;                 // empty when lab-wide
  std::string text;
};

class Timeline {
 public:
  explicit Timeline(Clock& clock) : clock_(clock), epoch_(clock.now()) {}
  void add(EventKind kind, const std::string& host, const std::string& text);
  /// For events measured elsewhere (probe outages) at a known time.
  void add_at(std::chrono::milliseconds at, EventKind kind, const std::string& host,
              const std::string& text);
  std::chrono::milliseconds since_epoch(Clock::time_point t) const;
  std::chrono::milliseconds elapsed() const { return since_epoch(clock_.now()); }
  Clock::time_point epoch() const { return epoch_; }
  /// Events ordered by time (stable for equal times).
  std::vector<TimelineEvent> events() const;

 private:
  Clock& clock_;
  Clock::time_point epoch_;
  std::vector<TimelineEvent> events_;
};

}  // namespace klab::scenarios
