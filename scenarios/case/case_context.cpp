#include "scenarios/case/case_context.hpp"

#include <algorithm>

#include "base/error.hpp"

#include "scenarios/rng.hpp"
#include "base/strings.hpp"

namespace klab::scenarios::case_run {

CaseContext::CaseContext(const EngineDeps& deps, const Scenario& scenario, const Case& case_spec, int iteration,
                         const RunOptions& options)
    : deps(deps), scenario(scenario), case_spec(case_spec), options(options), timeline(deps.clock),
      fault_context{deps.plan, deps.settings, deps.lab, deps.cluster, deps.transport, deps.clock, timeline,
                    deps.interrupted, {}, {}, {}} {
  report.scenario = scenario.name;
  report.case_name = case_spec.name;
  report.description = case_spec.description;
  report.iteration = iteration;
  report.seed = case_seed(options.seed, scenario.name, case_spec.name, iteration);
  report.target = to_string(case_spec.target);
  report.fault = case_spec.fault.type;
  report.started = std::chrono::system_clock::now();
}

void throw_if_interrupted(const CaseContext& ctx) {
  if (ctx.deps.interrupted && ctx.deps.interrupted()) throw Interrupted{};
}

void announce_step(CaseContext& ctx, const std::string& what) {
  throw_if_interrupted(ctx);
  ctx.timeline.add(EventKind::step, "", what);
  note_progress(ctx, what);
}

void note_progress(CaseContext& ctx, const std::string& text) {
  ctx.deps.progress.note(ctx.scenario.name + "/" + ctx.report.name() + ": " + text);
}

void mark_inconclusive(CaseContext& ctx, const std::string& why) {
  ctx.outcome.inconclusive = true;
  ctx.outcome.inconclusive_reasons.push_back(why);
  ctx.timeline.add(EventKind::note, "", "inconclusive: " + why);
}

ClusterFacts observe(CaseContext& ctx) { return gather_facts(ctx.deps.plan, ctx.deps.cluster, ctx.deps.lab); }

bool wait_for(CaseContext& ctx, Clock::time_point deadline, const std::function<bool()>& condition) {
  const WaitResult w = wait_until(ctx.deps.clock, deadline, ctx.options.poll_interval, condition, ctx.deps.interrupted);
  if (w == WaitResult::interrupted) throw Interrupted{};
  return w == WaitResult::met;
}

void merge_findings(CaseContext& ctx) {
  std::vector<Finding>& reported = ctx.report.findings;
  for (const Finding& f : ctx.fault_context.findings)
    if (std::none_of(reported.begin(), reported.end(), [&](const Finding& g) { return g.evidence == f.evidence; }))
      reported.push_back(f);
}

void record_revert_errors(CaseContext& ctx, const std::vector<FaultStack::RevertError>& errors) {
  for (const auto& e : errors)
    (e.kind == ErrorKind::check_failed ? ctx.outcome.failures : ctx.outcome.errors).push_back(e.message);
}

const std::vector<std::string>& invariant_names(const CaseContext& ctx) {
  return ctx.case_spec.invariants.empty() ? ctx.scenario.invariants : ctx.case_spec.invariants;
}

std::string comma_separated(const std::vector<std::string>& words) {
  return base::join(words, ", ");
}

}  // namespace klab::scenarios::case_run
