#include "scenarios/probes/prober.hpp"

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
  in_flight_.reset();
  if (connection_) connection_->close();
  connection_.reset();
}

void Prober::arm() {
  timer_.expires_at(slot_);
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec && !self->stopped_) self->on_slot();
  });
}

void Prober::on_slot() {
  auto now = steady_clock::now();
  if (in_flight_ && now - in_flight_->start < timing_.effective_timeout()) {
    // Slow but not given up on: this slot is covered by the sample in flight (and, like
    // a slot the loop woke up too late for, gets no sample of its own).
    const NextSlot next = next_slot(slot_, timing_.interval, now);
    log_->add_missed_slots(next.skipped + 1);
    slot_ = next.at;
    arm();
    return;
  }
  if (in_flight_) {
    // No answer within the timeout: failed at its own start time.
    InFlight late = *in_flight_;
    in_flight_.reset();
    record(late, false,
           to_string(target_.endpoint) + ": no answer within " +
               std::to_string(timing_.effective_timeout().count()) + " ms",
           late.start + timing_.effective_timeout());
    if (connection_) connection_->close();
    connection_.reset();
  }
  begin(now);
  NextSlot next = next_slot(slot_, timing_.interval, steady_clock::now());
  if (next.skipped > 0) log_->add_missed_slots(next.skipped);
  slot_ = next.at;
  arm();
}

void Prober::begin(steady_clock::time_point now) {
  InFlight sample{++generation_, slot_, now};
  in_flight_ = sample;
  if (mode_ == ConnectionMode::fresh || !connection_ || connection_->busy()) {
    if (connection_) connection_->close();
    connection_ = HttpsConnection::create(io_, tls_, target_.endpoint);
  }
  HttpRequest request{HttpMethod::get, probe_path(target_.kind), {}, mode_ == ConnectionMode::reused};
  connection_->async_request(std::move(request), now + timing_.effective_timeout(),
                             [self = shared_from_this(), generation = sample.generation](
                                 const std::string& error, HttpResponse response) {
                               self->complete(generation, error, response);
                             });
}

void Prober::complete(std::uint64_t generation, const std::string& error, const HttpResponse& response) {
  if (stopped_ || !in_flight_ || in_flight_->generation != generation) return;  // superseded
  InFlight sample = *in_flight_;
  in_flight_.reset();
  std::string verdict = error.empty() ? judge_response(target_.kind, response) : error;
  bool ok = verdict.empty();  // before the move below: argument order is unspecified
  record(sample, ok, std::move(verdict), steady_clock::now());
  if (mode_ == ConnectionMode::fresh && connection_) {
    connection_->close();
    connection_.reset();
  }
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
