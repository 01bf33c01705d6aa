#include "scenarios/case/case_steps.hpp"
#include "scenarios/checks/registry.hpp"

namespace klab::scenarios::case_run {

namespace {

// The case's log expectations plus the lines its detected outcomes produce: a panic is
// allowed only in a case whose fault named the outcome that panics.
const LogExpectations& case_logs(CaseContext& ctx) {
  ctx.logs = ctx.case_spec.expectations.logs;
  for (const Finding& f : ctx.fault_context.findings)
    ctx.logs.allowed.insert(ctx.logs.allowed.end(), f.allowed_logs.begin(), f.allowed_logs.end());
  return ctx.logs;
}

CheckContext check_context(CaseContext& ctx) {
  const EngineDeps& d = ctx.deps;
  return CheckContext{d.plan, d.settings, d.cluster, d.lab, d.transport, ctx.fault_stack, &ctx.probes.results,
                      ctx.fault_context.restored_revision, &case_logs(ctx), nullptr};
}

void add_check(CaseContext& ctx, CheckResult result) {
  ctx.timeline.add(EventKind::check, "", result.name + (result.passed ? ": ok" : ": FAILED: " + result.summary));
  if (!result.passed) ctx.outcome.failures.push_back("invariant " + result.name + ": " + result.summary);
  ctx.report.checks.push_back(std::move(result));
}

}  // namespace

void run_invariant_checks(CaseContext& ctx) {
  for (const std::string& name : invariant_names(ctx)) {
    if (name == "no-fault-left") continue;  // always run last, after the final revert
    throw_if_interrupted(ctx);
    if (name == "log-scan" && !ctx.journals.collected) collect_journals(ctx);
    CheckContext checks = check_context(ctx);
    checks.journals = &ctx.journals.fetched;
    add_check(ctx, make_check(name)->run(checks));
  }
}

void verify_no_fault_left(CaseContext& ctx) {
  if (ctx.outcome.inconclusive && ctx.report.faults_injected.empty()) return;  // nothing was done to the lab
  try {
    CheckContext checks = check_context(ctx);
    CheckResult left = make_check("no-fault-left")->run(checks);
    ctx.report.left_behind = left.problems;
    ctx.injection.verified_gone = ctx.injection.verified_gone && left.passed;
    add_check(ctx, std::move(left));
  } catch (const std::exception& e) {
    ctx.injection.verified_gone = false;
    ctx.outcome.errors.push_back(std::string("verifying no fault is left behind: ") + e.what());
  }
}

}  // namespace klab::scenarios::case_run
