#include "scenarios/case/case_steps.hpp"
#include "scenarios/duration.hpp"
#include "scenarios/measure/outages.hpp"

namespace klab::scenarios::case_run {

namespace {

constexpr std::chrono::seconds writer_after_heal{15};

ProbeSpec probe_spec(const CaseContext& ctx) {
  const Scenario& s = ctx.scenario;
  ProbeSpec spec;
  spec.interval = s.workload.probe_interval;
  spec.writer = s.workload.writer;
  spec.key_prefix = "/klab/scenarios/" + s.name + "/" + ctx.case_spec.name + "/" +
                    std::to_string(ctx.report.iteration) + "-" + std::to_string(ctx.report.seed) + "/";
  return spec;
}

void put_outages_on_timeline(CaseContext& ctx) {
  for (const Outage& o : ctx.report.outages.outages)
    ctx.timeline.add_at(o.start, EventKind::probe, o.target,
                        to_string(o.mode) + " outage " + format_duration(o.duration()) + (o.open ? " (still open)" : "") +
                            ": " + o.first_error);
}

}  // namespace

void start_probes(CaseContext& ctx) {
  announce_step(ctx, "start probes" + std::string(ctx.scenario.workload.writer ? " and writer" : ""));
  ctx.deps.probes.start(probe_spec(ctx));
  ctx.probes.running = true;
}

/// acked-writes needs acknowledged writes. A fault that took the write path away for
/// the whole hold (the VIP holder frozen as the writer began) leaves none; stopping the
/// writer the moment the lab is healthy again, with the VIP still settling, gave it no
/// chance (seen on a slow TCG host: 0 of 7 writes acknowledged). Give it a bounded
/// window on the healed lab to get one write through; on KVM that is milliseconds.
void let_the_writer_write_after_the_heal(CaseContext& ctx) {
  if (!ctx.scenario.workload.writer || !ctx.probes.running) return;
  ProbeSet& probes = ctx.deps.probes;
  const std::size_t before = probes.acknowledged_so_far();
  if (!wait_for(ctx, ctx.deps.clock.now() + writer_after_heal, [&] { return probes.acknowledged_so_far() > before; }))
    ctx.timeline.add(EventKind::note, "", "the writer got no write acknowledged within " +
                                              format_duration(writer_after_heal) + " of the lab being healthy again");
}

void stop_probes(CaseContext& ctx) {
  if (!ctx.probes.running) return;
  ctx.probes.running = false;
  const auto stopped = ctx.deps.clock.now();
  ctx.probes.results = ctx.deps.probes.stop();
  ctx.report.outages = account_outages(ctx.probes.results.samples, ctx.timeline.epoch(), stopped);
  ctx.report.acknowledged_writes = ctx.probes.results.acknowledged_writes.size();
  ctx.report.failed_writes = ctx.probes.results.failed_writes;
  put_outages_on_timeline(ctx);
}

void stop_probes_left_running(CaseContext& ctx) {
  if (!ctx.probes.running) return;
  try {
    stop_probes(ctx);
  } catch (const std::exception& e) {
    ctx.outcome.errors.push_back(std::string("stopping the probes: ") + e.what());
  }
}

}  // namespace klab::scenarios::case_run
