#pragma once
// Clock skew across the lab's hosts, measured from here: each host's `date +%s.%N`
// between two local readings. The host's offset to the local clock lies within
// [remote - after, remote - before], so the estimate is the midpoint and the error at
// most half the round trip. The spread between hosts fails the check only when it
// exceeds the bound even after subtracting both hosts' errors: a slow round trip may
// make the check weaker, never wrong.
#include <optional>
#include <string>
#include <vector>

namespace klab::provisioner {

struct ClockSample {
  std::string host;
  double local_before = 0;  // Unix seconds, this machine
  double remote = 0;        // Unix seconds, the host's `date +%s.%N`
  double local_after = 0;

  double offset() const { return remote - (local_before + local_after) / 2; }
  double uncertainty() const { return (local_after - local_before) / 2; }
};

struct SkewReport {
  std::vector<ClockSample> samples;
  double spread_s = 0;        // largest offset minus smallest
  double certain_spread_s = 0;  // the spread minus the two hosts' uncertainties (>= 0)
  std::string fastest, slowest;
  bool within(double bound_s) const { return certain_spread_s <= bound_s; }
  /// "kube-master +0.012s ±0.040, kube-master1 -0.230s ±0.051, ..."
  std::string describe() const;
};

SkewReport assess_skew(std::vector<ClockSample> samples);

/// Parses `date +%s.%N` output ("1716552000.123456789\n"); nullopt if it is not that.
std::optional<double> parse_unix_time(const std::string& text);

/// The local clock as Unix seconds.
double unix_now();

}  // namespace klab::provisioner
