#include "base/error.hpp"
#include "scenarios/case/case_steps.hpp"
#include "scenarios/duration.hpp"
#include "scenarios/measure/bounds.hpp"
#include "scenarios/measure/outages.hpp"
#include "scenarios/measure/verdicts.hpp"

namespace klab::scenarios::case_run {

namespace {

/// Failover times count from the injection (Injection::at).
Measurements measurements(CaseContext& ctx) {
  const StateWatch* watch = ctx.injection.watch.get();
  const Millis injected_at = ctx.injection.at;
  Measurements m;
  m.outages = outages_from(ctx.report.outages, injected_at);
  if (watch && watch->leader_changed_at()) m.leader_change = *watch->leader_changed_at() - injected_at;
  if (watch && watch->vip_moved_at()) m.vip_move = *watch->vip_moved_at() - injected_at;
  m.failed_writes = ctx.probes.results.failed_writes;
  m.findings = ctx.report.findings;
  if (!ctx.case_spec.expectations.logs.expected.empty()) {
    if (!ctx.journals.collected) collect_journals(ctx);
    m.journals = &ctx.journals.fetched;
  }
  return m;
}

BoundResolver bound_resolver(const CaseContext& ctx) {
  const provisioner::Settings& settings = ctx.deps.settings;
  const int priority = takeover_priority(ctx.deps.plan, settings, ctx.report.target_hosts)
                           .value_or(settings.keepalived.master_priority_max);
  return [&ctx, &settings, priority](const BoundSpec& spec, Measured what) {
    if (spec.literal) return DerivedBound{BoundKind::infer, *spec.literal, "literal " + format_duration(*spec.literal)};
    const Case& c = ctx.case_spec;
    auto kind = spec.derived != BoundKind::infer ? std::optional(spec.derived)
                                                 : infer_bound_kind(c.fault, what, ctx.injection.target_held_vip);
    if (!kind)
      throw usage_error(c.pos.str() + ": cannot derive a bound for fault " + c.fault.type + " on " +
                        comma_separated(ctx.report.target_hosts) + ": name it in the scenario (derived:<kind>)");
    return derive_bound(*kind, settings, priority);
  };
}

Tolerances tolerances(const CaseContext& ctx) {
  const Millis probe_interval = ctx.scenario.workload.probe_interval;
  Tolerances tol;
  tol.outage = 2 * probe_interval;
  tol.outage_reused = probe_interval + ctx.deps.probes.sample_timeout();
  tol.change = 2 * ctx.options.poll_interval;
  return tol;
}

void judge(CaseContext& ctx, ExpectationResult& e) {
  if (e.timing && !ctx.options.enforce_timing) {
    e.enforced = false;
    if (!e.passed) ctx.timeline.add(EventKind::note, "", "time bound missed (reported, not enforced): " + e.name);
    return;
  }
  if (!e.passed) ctx.outcome.failures.push_back("expectation '" + e.name + "' not met: " + e.detail);
}

}  // namespace

void measure_expectations(CaseContext& ctx) {
  const Measurements m = measurements(ctx);
  ctx.report.expectations = evaluate_expectations(ctx.case_spec.expectations, m, bound_resolver(ctx), tolerances(ctx));
  for (ExpectationResult& e : ctx.report.expectations) judge(ctx, e);
}

}  // namespace klab::scenarios::case_run
