#include "scenarios/probes/asio_probe_set.hpp"

#include "base/error.hpp"
#include "scenarios/probes/probe_loop.hpp"
#include "scenarios/probes/prober.hpp"

namespace klab::scenarios {

namespace {
// The first slot lies a little ahead so that every probe is armed before it comes.
constexpr std::chrono::milliseconds kStartMargin{20};
}  // namespace

AsioProbeSet::AsioProbeSet(ProbeSetConfig config) : config_(std::move(config)) {}

AsioProbeSet::~AsioProbeSet() {
  if (running()) stop();
}

void AsioProbeSet::start(const ProbeSpec& spec) {
  if (running()) throw infra_error("internal: the probes are already running; stop() them first");
  if (config_.targets.empty()) throw infra_error("no probe targets configured: give the VIP and the members");
  if (spec.interval.count() <= 0) throw usage_error("probe interval must be positive");
  if (spec.writer && !config_.writer_endpoint) {
    throw infra_error("the writer needs an endpoint (the VIP on 2379) and none was configured");
  }
  TlsClient tls = make_tls_client(config_.tls);
  ProbeTiming timing{spec.interval, config_.sample_timeout};

  auto loop = std::make_unique<ProbeLoop>();
  log_ = std::make_shared<SampleLog>();
  for (const ProbeTarget& target : config_.targets) {
    for (ConnectionMode mode : target.modes.empty() ? config_.modes : target.modes) {
      probers_.push_back(std::make_shared<Prober>(loop->io(), target, mode, tls, timing, log_));
    }
  }
  if (spec.writer) {
    WriterOptions options{spec.interval, config_.writer_timeout,
                          spec.key_prefix.empty() ? std::string(default_writer_prefix) : spec.key_prefix};
    writer_ = std::make_shared<WriterWorkload>(loop->io(), *config_.writer_endpoint, tls, options);
  }
  auto first = std::chrono::steady_clock::now() + kStartMargin;
  for (auto& prober : probers_) prober->start(first);
  if (writer_) writer_->start(first);
  loop_ = std::move(loop);
  loop_->start();
}

ProbeResults AsioProbeSet::stop() {
  if (!running()) return {};
  std::exception_ptr failed = loop_->failure();
  if (!failed) {
    try {
      loop_->run_sync([this] {
        for (auto& prober : probers_) prober->stop();
        if (writer_) writer_->stop();
      });
    } catch (...) {
      failed = std::current_exception();
    }
  }
  ProbeRunDetail detail;
  detail.samples = log_->snapshot();
  detail.missed_slots = log_->missed_slots();
  if (writer_) detail.writer = writer_->log();
  // Probers and writer hold sockets and timers of the loop: they go before it does.
  loop_->stop();
  probers_.clear();
  writer_.reset();
  loop_.reset();
  log_.reset();
  if (failed) throw infra_error("the probes stopped early: " + exception_text(failed));

  ProbeResults results;
  for (const TimedSample& s : detail.samples) results.samples.push_back(s.sample);
  results.acknowledged_writes = detail.writer.acknowledged;
  results.failed_writes = detail.writer.failed.size();
  last_run_ = std::move(detail);
  return results;
}

std::size_t AsioProbeSet::acknowledged_so_far() const {
  return writer_ ? writer_->log().acknowledged.size() : 0;
}

std::vector<ProbeSample> AsioProbeSet::samples_so_far() const {
  std::vector<ProbeSample> out;
  if (!log_) return out;
  for (TimedSample& s : log_->snapshot()) out.push_back(std::move(s.sample));
  return out;
}

}  // namespace klab::scenarios
