#pragma once
// Where the probe loop puts its samples, and how another thread takes them: a mutex
// around a vector, touched once per sample. Besides each sample it keeps how late the
// sample started against its slot on the fixed-rate schedule (the timing jitter).
#include <chrono>
#include <mutex>
#include <vector>

#include "scenarios/probe_set.hpp"

namespace klab::scenarios {

struct TimedSample {
  ProbeSample sample;
  std::chrono::steady_clock::time_point scheduled;  // its slot: first slot + k * interval
};

class SampleLog {
 public:
  void add(TimedSample sample);
  /// Slots a probe skipped because the loop woke up more than an interval late.
  void add_missed_slots(std::size_t n);

  std::vector<TimedSample> snapshot() const;
  std::size_t missed_slots() const;

 private:
  mutable std::mutex mutex_;
  std::vector<TimedSample> samples_;
  std::size_t missed_slots_ = 0;
};

}  // namespace klab::scenarios
