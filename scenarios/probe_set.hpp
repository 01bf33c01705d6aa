#pragma once
// ProbeSet: the continuous client-side measurement running while a fault is in place.
// Implemented by the probes (scenarios/probes/: Boost.Asio, one event loop); a fake in
// the unit tests. Probes run from the host every `interval` against each target with a
// fresh connection per sample and over one reused keep-alive connection; each sample is
// timed from its start on the monotonic clock. The writer puts sequential keys through
// the VIP and records every acknowledged write.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace klab::scenarios {

enum class ConnectionMode { fresh, reused };
std::string to_string(ConnectionMode mode);  // "fresh" | "reused"

struct ProbeSample {
  std::string target;  // "vip", or a member's host name ("kube-master1")
  ConnectionMode mode = ConnectionMode::fresh;
  std::chrono::steady_clock::time_point start;  // when the request began
  std::chrono::milliseconds duration{0};        // until the answer (or the failure)
  bool ok = false;
  std::string error;  // why not, when !ok ("connect: connection refused", "timeout")
};

struct AcknowledgedWrite {
  std::string key;
  std::string value;
  std::int64_t revision = 0;  // the header revision etcd acknowledged it at
  std::chrono::steady_clock::time_point acknowledged;
};

struct ProbeSpec {
  std::chrono::milliseconds interval{100};
  bool writer = true;
  std::string key_prefix;  // the writer's keys: <key_prefix><sequence number>
};

struct ProbeResults {
  std::vector<ProbeSample> samples;  // every sample since start(), in any order
  std::vector<AcknowledgedWrite> acknowledged_writes;
  std::size_t failed_writes = 0;     // writes that got no acknowledgement
};

class ProbeSet {
 public:
  virtual ~ProbeSet() = default;
  /// Starts the probes and, with spec.writer, the writer. Throws klab::Error when the
  /// probes cannot start at all (no credentials, bad address).
  virtual void start(const ProbeSpec& spec) = 0;
  /// Stops everything and returns what was collected since start(). Calling it when
  /// nothing runs returns empty results.
  virtual ProbeResults stop() = 0;
  /// Writes acknowledged since start(), while the probes run.
  virtual std::size_t acknowledged_so_far() const = 0;
  /// How long one sample may wait for its answer (its measurement slack).
  virtual std::chrono::milliseconds sample_timeout() const { return std::chrono::milliseconds(2000); }
};

}  // namespace klab::scenarios
