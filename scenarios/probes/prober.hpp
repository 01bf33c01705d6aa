#pragma once
// One probe: one target in one connection mode, sampling on the fixed-rate schedule.
//   fresh:  a new TCP + TLS connection for every sample ("Connection: close"); a
//           second one starts at the next slot while the first still waits, so one
//           hung connection does not hide a recovery for a whole timeout. At most two
//           wait at once (more loaded the TCG guests into the outage being measured).
//   reused: one keep-alive connection; after a failure the next sample reconnects
//           (no retry within a sample: the failure is what a long-lived client sees).
//           A sample still waiting covers the slots it spans, as that client would.
// Each sample is timed on the steady clock from its actual start; one without an
// answer within `timeout` fails, at its start time, with "no answer within N ms". The
// timeout is longer than the interval: a TLS handshake with a TCG guest alone takes
// 20-100 ms, a whole /health 60-300 ms, and giving up after one interval made the
// guests do handshakes nobody waited for (the probes themselves starved etcd).
// Lives on the probe loop: every member function runs on the loop's thread.
#include <chrono>
#include <cstdint>
#include <memory>
#include <map>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "scenarios/etcd/https_connection.hpp"
#include "scenarios/probe_set.hpp"
#include "scenarios/probes/probe_target.hpp"
#include "scenarios/probes/sample_log.hpp"

namespace klab::scenarios {

struct ProbeTiming {
  std::chrono::milliseconds interval{100};
  std::chrono::milliseconds timeout{0};  // 0: the interval
  std::chrono::milliseconds effective_timeout() const { return timeout.count() <= 0 ? interval : timeout; }
};

class Prober : public std::enable_shared_from_this<Prober> {
 public:
  Prober(boost::asio::io_context& io, ProbeTarget target, ConnectionMode mode, TlsClient tls,
         ProbeTiming timing, std::shared_ptr<SampleLog> log);

  /// The first sample starts at `first_slot`.
  void start(std::chrono::steady_clock::time_point first_slot);
  /// No more samples; one in flight is dropped (the harness stopped, not the target).
  void stop();

  const ProbeTarget& target() const { return target_; }
  ConnectionMode mode() const { return mode_; }

 private:
  struct InFlight {
    std::uint64_t generation = 0;
    std::chrono::steady_clock::time_point scheduled;
    std::chrono::steady_clock::time_point start;
    std::shared_ptr<HttpsConnection> connection;  // fresh mode: this sample's own
  };

  void arm();
  void on_slot();
  /// Fails the samples that waited longer than the timeout; true when one is still
  /// waiting (within it).
  bool expire_late(std::chrono::steady_clock::time_point now);
  std::size_t max_in_flight() const;
  void begin(std::chrono::steady_clock::time_point now);
  void complete(std::uint64_t generation, const std::string& error, const HttpResponse& response);
  void record(const InFlight& sample, bool ok, std::string error, std::chrono::steady_clock::time_point end);

  boost::asio::io_context& io_;
  ProbeTarget target_;
  ConnectionMode mode_;
  TlsClient tls_;
  ProbeTiming timing_;
  std::shared_ptr<SampleLog> log_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<HttpsConnection> connection_;  // reused mode
  std::chrono::steady_clock::time_point slot_;
  std::map<std::uint64_t, InFlight> in_flight_;  // by generation
  std::uint64_t generation_ = 0;
  bool stopped_ = true;
};

}  // namespace klab::scenarios
