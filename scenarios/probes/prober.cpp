#include "scenarios/probes/prober.hpp"

#include <algorithm>

#include "scenarios/probes/fixed_rate.hpp"

namespace klab::scenarios {

using std::chrono::steady_clock;

Prober::Prober(boost::asio::io_context& io, ProbeTarget target, ConnectionMode mode, TlsClient tls,
               ProbeTiming timing, std::shared_ptr<SampleLog> log)
    : io_(io),
      target_(std::move(target)),
      mode_(mode),
      tls_(std::move(tls)),
      timing_(timing),
      log_(std::move(log)),
      timer_(io) {}

void Prober::start(steady_clock::time_point first_slot) {
  stopped_ = false;
  slot_ = first_slot;
  arm();
}

void Prober::stop() {
  stopped_ = true;
  timer_.cancel();
  for (auto& [generation, sample] : in_flight_)
    if (sample.connection) sample.connection->close();
  in_flight_.clear();
  if (connection_) connection_->close();
  connection_.reset();
}

void Prober::arm() {
  timer_.expires_at(slot_);
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec && !self->stopped_) self->on_slot();
  });
}

std::size_t Prober::max_in_flight() const {
  // fresh: one spare, so a hung connection does not hide the recovery for a whole
  // timeout. More was tried (timeout / interval, 20): on TCG guests the waiting
  // connections piled up on the VIP holder (40 concurrent haproxy sessions, each
  // logged) and the probes made the outage they were measuring.
  return mode_ == ConnectionMode::reused ? 1 : 2;
}

bool Prober::expire_late(steady_clock::time_point now) {
  bool waiting = false;
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    if (now - it->second.start < timing_.effective_timeout()) {
      waiting = true;
      ++it;
      continue;
    }
    // No answer within the timeout (the connection's own deadline did not fire first):
    // failed at its own start time.
    const InFlight late = it->second;
    it = in_flight_.erase(it);
    record(late, false,
           to_string(target_.endpoint) + ": no answer within " +
               std::to_string(timing_.effective_timeout().count()) + " ms",
           late.start + timing_.effective_timeout());
    if (late.connection) late.connection->close();
    if (mode_ == ConnectionMode::reused && connection_) {
      connection_->close();
      connection_.reset();
    }
  }
  return waiting;
}

void Prober::on_slot() {
  const auto now = steady_clock::now();
  expire_late(now);
  if (in_flight_.size() >= max_in_flight()) {
    // reused: the sample in flight covers this slot, as it would for a long-lived
    // client; fresh: the cap on waiting connections is reached. Either way this slot
    // gets no sample of its own, like one the loop woke up too late for.
    log_->add_missed_slots(1);
  } else {
    begin(now);
  }
  NextSlot next = next_slot(slot_, timing_.interval, steady_clock::now());
  if (next.skipped > 0) log_->add_missed_slots(next.skipped);
  slot_ = next.at;
  arm();
}

void Prober::begin(steady_clock::time_point now) {
  InFlight sample{++generation_, slot_, now, nullptr};
  std::shared_ptr<HttpsConnection> connection;
  if (mode_ == ConnectionMode::fresh) {
    connection = HttpsConnection::create(io_, tls_, target_.endpoint);
    sample.connection = connection;
  } else {
    if (!connection_ || connection_->busy()) {
      if (connection_) connection_->close();
      connection_ = HttpsConnection::create(io_, tls_, target_.endpoint);
    }
    connection = connection_;
  }
  in_flight_[sample.generation] = sample;
  HttpRequest request = probe_request(target_.kind, mode_ == ConnectionMode::reused);
  connection->async_request(std::move(request), now + timing_.effective_timeout(),
                            [self = shared_from_this(), generation = sample.generation](
                                const std::string& error, HttpResponse response) {
                              self->complete(generation, error, response);
                            });
}

void Prober::complete(std::uint64_t generation, const std::string& error, const HttpResponse& response) {
  if (stopped_) return;
  auto it = in_flight_.find(generation);
  if (it == in_flight_.end()) return;  // already failed by expire_late
  const InFlight sample = it->second;
  in_flight_.erase(it);
  std::string verdict = error.empty() ? judge_response(target_.kind, response) : error;
  bool ok = verdict.empty();  // before the move below: argument order is unspecified
  record(sample, ok, std::move(verdict), steady_clock::now());
  if (sample.connection) sample.connection->close();
}

void Prober::record(const InFlight& sample, bool ok, std::string error, steady_clock::time_point end) {
  ProbeSample s;
  s.target = target_.name;
  s.mode = mode_;
  s.start = sample.start;
  s.duration = std::chrono::duration_cast<std::chrono::milliseconds>(end - sample.start);
  s.ok = ok;
  s.error = std::move(error);
  log_->add(TimedSample{std::move(s), sample.scheduled});
}

}  // namespace klab::scenarios
