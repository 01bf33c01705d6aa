#include "scenarios/probes/sample_log.hpp"

namespace klab::scenarios {

void SampleLog::add(TimedSample sample) {
  std::lock_guard lock(mutex_);
  samples_.push_back(std::move(sample));
}

void SampleLog::add_missed_slots(std::size_t n) {
  std::lock_guard lock(mutex_);
  missed_slots_ += n;
}

std::vector<TimedSample> SampleLog::snapshot() const {
  std::lock_guard lock(mutex_);
  return samples_;
}

std::size_t SampleLog::missed_slots() const {
  std::lock_guard lock(mutex_);
  return missed_slots_;
}

}  // namespace klab::scenarios
