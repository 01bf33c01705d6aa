#pragma once
// After a snapshot restore every guest's clock is behind by the snapshot's age (the
// guests resume where they were saved). `date -s @<host time>` alone is off by however
// long the command takes to start, hundreds of ms under TCG. So, per host over SSH,
// all hosts in parallel, in one round trip (which also proves the host answers SSH):
//   1. set the clock to this host's time when it opened the connection plus the
//      time since the guest's sshd accepted it (perl, /proc start time vs
//      CLOCK_BOOTTIME; `date -s` as the fallback), `chronyc makestep` if chrony runs;
//   2. measure: the guest prints its time a few times, streamed; each line's arrival
//      time here minus the guest's timestamp is the lag (the smallest counts: it
//      carries the least transport delay).
// When more than 20 ms are left, a second round trip steps the clock by the measured
// lag, relatively and atomically (adjtimex ADJ_SETOFFSET), and measures again.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud-init/lab_keys.hpp"
#include "lab/plan.hpp"

namespace klab::ops {

struct HostClock {
  std::string host;
  bool ok = false;
  std::string error;               // why the host could not be resynced or checked
  double behind_s = 0;             // how far behind the guest was before (seconds)
  double skew_ms = 0;              // guest minus host after the resync
  double jitter_ms = 0;            // spread of the samples behind skew_ms
  bool set_from_startup = false;   // the perl set worked (else the date -s fallback)
  bool corrected = false;          // a second, relative step was needed
  double set_skew_ms = 0;          // skew right after the first set (before a correction)
  bool chrony_stepped = false;
  std::chrono::milliseconds elapsed{0};
};

struct ClockReport {
  std::vector<HostClock> hosts;
  std::chrono::milliseconds elapsed{0};
  bool ok() const;
  double max_abs_skew_ms() const;  // over the hosts that answered
};

/// Resyncs every host of the plan; never throws for a host's failure (see ok()).
ClockReport resync_clocks(const lab::Plan& plan, const cloudinit::LabKeys& keys);

/// The guest command printing "@@t SECONDS.FRACTION" lines (its clock) `count` times.
std::string clock_sample_command(int count = 3);
/// Sets the guest clock from `connected` (this host's time when it opened the SSH
/// connection) plus the guest's time since it accepted it, steps chrony when it
/// runs, then samples.
std::string clock_set_command(std::chrono::system_clock::time_point connected);
/// Steps the guest clock by `delta` (positive: forward), falls back to setting it to
/// `fallback` (this host's time now), steps chrony when it runs, then samples.
std::string clock_step_command(std::chrono::nanoseconds delta, std::chrono::system_clock::time_point fallback);

/// Pairs the "@@t" lines of streamed output with the time their chunk arrived.
class LagSampler {
 public:
  void feed(std::string_view chunk, std::chrono::system_clock::time_point arrival);
  /// Smallest arrival-minus-guest-time over the samples, in ms; nullopt without any.
  std::optional<double> min_lag_ms() const;
  double spread_ms() const;                 // largest minus smallest lag
  const std::vector<std::string>& other_lines() const { return other_; }

 private:
  std::string partial_;
  std::vector<double> lags_ms_;
  std::vector<std::string> other_;
};

/// Parses "SECONDS.FRACTION" (date +%s.%N, bash's $EPOCHREALTIME) into a time point.
std::chrono::system_clock::time_point parse_epoch(const std::string& text);

}  // namespace klab::ops
