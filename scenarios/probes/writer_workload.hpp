#pragma once
// The writer: puts sequential keys (<prefix>000001, <prefix>000002, ...) through one
// endpoint (the VIP) on the fixed-rate schedule, over one keep-alive connection that
// reconnects after a failure. Records every acknowledged write (key, value, the
// revision etcd acknowledged, ack time) and every failure. One put at a time: a slot
// that comes while a put is still in flight is skipped, so keys are acknowledged in
// order. A failed put's key is not reused (it may or may not have been applied; only
// acknowledged writes are promised). Lives on the probe loop.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "scenarios/etcd/https_connection.hpp"
#include "scenarios/probe_set.hpp"

namespace klab::scenarios {

inline constexpr const char* default_writer_prefix = "klab/writer/";

struct WriterOptions {
  std::chrono::milliseconds interval{100};
  std::chrono::milliseconds timeout{1000};  // per put
  std::string key_prefix = default_writer_prefix;
};

struct FailedWrite {
  std::string key;
  std::chrono::steady_clock::time_point start;
  std::string error;
};

struct WriterLog {
  std::vector<AcknowledgedWrite> acknowledged;
  std::vector<FailedWrite> failed;
  std::size_t skipped_slots = 0;  // slots that found the previous put still in flight
};

/// "<prefix>000042" (at least six digits).
std::string writer_key(const std::string& prefix, std::uint64_t sequence);

class WriterWorkload : public std::enable_shared_from_this<WriterWorkload> {
 public:
  WriterWorkload(boost::asio::io_context& io, Endpoint endpoint, TlsClient tls, WriterOptions options);

  void start(std::chrono::steady_clock::time_point first_slot);  // on the loop
  void stop();                                                    // on the loop
  /// Thread-safe copy of everything recorded so far.
  WriterLog log() const;

 private:
  void arm();
  void on_slot();
  void put();

  boost::asio::io_context& io_;
  Endpoint endpoint_;
  TlsClient tls_;
  WriterOptions options_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<HttpsConnection> connection_;
  std::chrono::steady_clock::time_point slot_;
  std::uint64_t sequence_ = 0;
  bool in_flight_ = false;
  bool stopped_ = true;
  mutable std::mutex mutex_;
  WriterLog log_;
};

}  // namespace klab::scenarios
