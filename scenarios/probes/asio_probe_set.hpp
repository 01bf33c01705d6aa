#pragma once
// The ProbeSet the engine runs during a fault (scenarios/probe_set.hpp): every target
// probed in every connection mode (fresh and reused by default) and, with
// spec.writer, the writer through the VIP, all on ONE Boost.Asio event loop on one
// thread. stop() hands everything over to the calling thread.
//
//   AsioProbeSet probes({.targets = {etcd_health_target("vip", vip), ...},
//                        .tls = {ca, cert, key}, .writer_endpoint = vip});
//   probes.start({.interval = 100ms, .writer = true, .key_prefix = "klab/writer/"});
//   ... fault, hold, heal ...
//   ProbeResults results = probes.stop();
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "scenarios/etcd/tls_files.hpp"
#include "scenarios/probe_set.hpp"
#include "scenarios/probes/probe_target.hpp"
#include "scenarios/probes/sample_log.hpp"
#include "scenarios/probes/writer_workload.hpp"

namespace klab::scenarios {

class ProbeLoop;
class Prober;

struct ProbeSetConfig {
  std::vector<ProbeTarget> targets;
  TlsFiles tls;
  std::optional<Endpoint> writer_endpoint;  // required when ProbeSpec::writer
  std::vector<ConnectionMode> modes{ConnectionMode::fresh, ConnectionMode::reused};
  // A sample unanswered this long is a failure: a client with a 2 s request timeout
  // (etcdctl's default is 5 s). Not the interval: a read with a fresh TLS handshake to
  // a TCG guest takes 60-300 ms idle, and over a second while an SSH command runs on it.
  std::chrono::milliseconds sample_timeout{2000};
  std::chrono::milliseconds writer_timeout{1000};  // per put
};

/// Everything one run collected, with the schedule detail behind the samples.
struct ProbeRunDetail {
  std::vector<TimedSample> samples;
  std::size_t missed_slots = 0;
  WriterLog writer;
};

class AsioProbeSet : public ProbeSet {
 public:
  explicit AsioProbeSet(ProbeSetConfig config);
  ~AsioProbeSet() override;

  /// Throws klab::Error: already running, no targets, TLS files unusable, writer
  /// without writer_endpoint.
  void start(const ProbeSpec& spec) override;
  ProbeResults stop() override;
  std::chrono::milliseconds sample_timeout() const override { return config_.sample_timeout; }

  bool running() const { return loop_ != nullptr; }
  /// Samples so far, from any thread, while running.
  std::vector<ProbeSample> samples_so_far() const;
  std::size_t acknowledged_so_far() const override;
  /// The previous run's full detail (after stop()).
  const ProbeRunDetail& last_run() const { return last_run_; }

 private:
  ProbeSetConfig config_;
  std::unique_ptr<ProbeLoop> loop_;
  std::shared_ptr<SampleLog> log_;
  std::vector<std::shared_ptr<Prober>> probers_;
  std::shared_ptr<WriterWorkload> writer_;
  ProbeRunDetail last_run_;
};

}  // namespace klab::scenarios
