#include "scenarios/timeline.hpp"

#include <algorithm>

namespace klab::scenarios {

std::string to_string(EventKind kind) {
  switch (kind) {
    case EventKind::step: return "step";
    case EventKind::fault: return "fault";
    case EventKind::revert: return "revert";
    case EventKind::state: return "state";
    case EventKind::probe: return "probe";
    case EventKind::finding: return "finding";
    case EventKind::check: return "check";
    case EventKind::note: return "note";
  }
  return "note";
}

void Timeline::add(EventKind kind, const std::string& host, const std::string& text) {
  events_.push_back({elapsed(), kind, host, text});
}

void Timeline::add_at(std::chrono::milliseconds at, EventKind kind, const std::string& host,
                      const std::string& text) {
  events_.push_back({at, kind, host, text});
}

std::chrono::milliseconds Timeline::since_epoch(Clock::time_point t) const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t - epoch_);
}

std::vector<TimelineEvent> Timeline::events() const {
  std::vector<TimelineEvent> sorted = events_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const TimelineEvent& a, const TimelineEvent& b) { return a.at < b.at; });
  return sorted;
}

}  // namespace klab::scenarios
