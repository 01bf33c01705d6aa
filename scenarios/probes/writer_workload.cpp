#include "scenarios/probes/writer_workload.hpp"

#include <cstdio>

#include "base/error.hpp"
#include "scenarios/etcd/etcd_json.hpp"
#include "scenarios/probes/fixed_rate.hpp"

namespace klab::scenarios {

using std::chrono::steady_clock;

std::string writer_key(const std::string& prefix, std::uint64_t sequence) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%06llu", static_cast<unsigned long long>(sequence));
  return prefix + digits;
}

WriterWorkload::WriterWorkload(boost::asio::io_context& io, Endpoint endpoint, TlsClient tls,
                               WriterOptions options)
    : io_(io), endpoint_(std::move(endpoint)), tls_(std::move(tls)), options_(std::move(options)), timer_(io) {}

void WriterWorkload::start(steady_clock::time_point first_slot) {
  stopped_ = false;
  slot_ = first_slot;
  arm();
}

void WriterWorkload::stop() {
  stopped_ = true;
  timer_.cancel();
  if (connection_) connection_->close();
  connection_.reset();
}

WriterLog WriterWorkload::log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

void WriterWorkload::arm() {
  timer_.expires_at(slot_);
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec && !self->stopped_) self->on_slot();
  });
}

void WriterWorkload::on_slot() {
  if (in_flight_) {
    std::lock_guard lock(mutex_);
    ++log_.skipped_slots;
  } else {
    put();
  }
  NextSlot next = next_slot(slot_, options_.interval, steady_clock::now());
  slot_ = next.at;
  arm();
}

void WriterWorkload::put() {
  std::string key = writer_key(options_.key_prefix, ++sequence_);
  std::string value = "klab writer " + std::to_string(sequence_);
  auto start = steady_clock::now();
  if (!connection_) connection_ = HttpsConnection::create(io_, tls_, endpoint_);
  in_flight_ = true;
  auto connection = connection_;
  connection_->async_request(
      HttpRequest{HttpMethod::post, "/v3/kv/put", etcd_json::put_request(key, value), true},
      start + options_.timeout,
      [self = shared_from_this(), connection, key, value, start](const std::string& error, HttpResponse response) {
        self->in_flight_ = false;
        if (self->stopped_) return;  // the harness stopped: neither acknowledged nor failed
        std::string failure = error;
        AcknowledgedWrite ack{key, value, 0, steady_clock::now()};
        if (failure.empty() && response.status != 200) {
          failure = "HTTP " + std::to_string(response.status) + ": " + etcd_json::error_message(response.body);
        }
        if (failure.empty()) {
          try {
            ack.revision = etcd_json::parse_put(response.body).revision;
          } catch (const Error& e) {
            failure = e.what();
          }
        }
        std::lock_guard lock(self->mutex_);
        if (failure.empty()) {
          self->log_.acknowledged.push_back(std::move(ack));
        } else {
          self->log_.failed.push_back(FailedWrite{key, start, failure});
          if (self->connection_ == connection) {
            connection->close();
            self->connection_.reset();
          }
        }
      });
}

}  // namespace klab::scenarios
