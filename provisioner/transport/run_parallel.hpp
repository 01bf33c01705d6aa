#pragma once
// Per-host work on a bounded pool of threads. Every host's work runs to completion
// (one host failing does not cancel the others), and every failure is reported with
// the host it belongs to.
#include <chrono>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace klab::provisioner {

struct HostOutcome {
  std::string host;
  bool ok = false;
  std::string error;                    // the failure's message (names the host)
  std::string detail;                   // klab::Error::detail(), if any
  ErrorKind kind = ErrorKind::infrastructure;
  std::chrono::milliseconds duration{0};
};

using HostWork = std::function<void(const std::string& host)>;

/// Runs `work` for every host, at most `max_parallel` at once (>= 1). Returns one
/// outcome per host, in the order of `hosts`; never throws for a host's failure.
std::vector<HostOutcome> run_parallel_collect(const std::vector<std::string>& hosts, const HostWork& work,
                                              int max_parallel);

/// The same, but throws one klab::Error listing every failed host and its error
/// (kind: the failures' common kind, else infrastructure).
std::vector<HostOutcome> run_parallel(const std::vector<std::string>& hosts, const HostWork& work,
                                      int max_parallel);

}  // namespace klab::provisioner
