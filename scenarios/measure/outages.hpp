#pragma once
// Outage accounting: probe samples → outage intervals with millisecond edges, per probe
// target and connection mode. An outage starts at the start of the first failed sample
// and ends at the start of the first successful sample after it; one still open when the
// probes stop ends at the stop time and is marked open.
#include <chrono>
#include <string>
#include <vector>

#include "scenarios/probe_set.hpp"

namespace klab::scenarios {

struct Outage {
  std::string target;
  ConnectionMode mode = ConnectionMode::fresh;
  std::chrono::milliseconds start{0};  // since the epoch given to find_outages
  std::chrono::milliseconds end{0};
  bool open = false;                   // still failing when the probes stopped
  std::size_t failed_samples = 0;
  std::string first_error;
  std::chrono::milliseconds duration() const { return end - start; }
};

/// One probe series (target × mode) summarised.
struct SeriesSummary {
  std::string target;
  ConnectionMode mode = ConnectionMode::fresh;
  std::size_t samples = 0;
  std::size_t failed = 0;
  std::size_t outages = 0;
  std::chrono::milliseconds total_downtime{0};
  std::chrono::milliseconds longest{0};
};

struct OutageAccount {
  std::vector<Outage> outages;        // ordered by target, mode, start
  std::vector<SeriesSummary> series;  // ordered by target, mode
};

/// `epoch`: time zero of the report (the case start). `stopped`: when the probes
/// stopped, the end of an outage still open.
OutageAccount account_outages(std::vector<ProbeSample> samples,
                              std::chrono::steady_clock::time_point epoch,
                              std::chrono::steady_clock::time_point stopped);

/// The outages still going on at or after `from` (the moment the fault took effect),
/// with the series summaries recounted: an outage that ended before the fault cannot be
/// its doing (under TCG the injection's own SSH command can slow the target for a
/// moment). Sample counts stay those of the whole run.
OutageAccount outages_from(const OutageAccount& all, std::chrono::milliseconds from);

/// Does a series match an expectation's probe selector ("vip", a host, "members" = any
/// target but the VIP, "*") and mode ("any", "fresh", "reused")?
bool series_matches(const SeriesSummary& series, const std::string& probe, const std::string& mode);

}  // namespace klab::scenarios
