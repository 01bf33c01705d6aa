#include "scenarios/case/case_runner.hpp"

#include "base/error.hpp"
#include "scenarios/case/case_steps.hpp"

namespace klab::scenarios {

namespace {

using namespace case_run;

using CaseStep = void (*)(CaseContext&);

// The loop of engine.hpp. A step that makes the case inconclusive ends it.
constexpr CaseStep case_steps[] = {
    prepare_lab,             // step_prepare.cpp
    pass_precondition_gate,  // step_gate.cpp
    mark_journal_start,      // step_journals.cpp
    start_probes,            // step_probes.cpp
    choose_target,           // step_target.cpp
    inject_fault,            // step_inject.cpp
    hold_fault,              // step_hold.cpp
    heal_fault,              // step_heal.cpp
    wait_recovered,          // step_recovery.cpp
    stop_probes,             // step_probes.cpp
    measure_expectations,    // step_measure.cpp
    run_invariant_checks,    // step_checks.cpp
};

// After every case, however it ended: nothing injected stays behind, then the verdict.
constexpr CaseStep cleanup_steps[] = {
    stop_probes_left_running,   // step_probes.cpp
    revert_faults_left,         // step_revert.cpp
    verify_no_fault_left,       // step_checks.cpp
    settle_ledger_entry,        // step_ledger.cpp
    merge_findings,             // case_context.cpp
    decide_verdict,             // step_verdict.cpp
    keep_artifacts_of_failure,  // step_artifacts.cpp
};

void run_case_steps(CaseContext& ctx) {
  for (CaseStep step : case_steps) {
    step(ctx);
    if (ctx.outcome.inconclusive) return;
  }
}

/// A failing case is a verdict, not an exception: what a step threw becomes a reason.
void run_case_steps_catching(CaseContext& ctx) {
  try {
    run_case_steps(ctx);
  } catch (const Interrupted&) {
    ctx.outcome.interrupted = true;
    ctx.outcome.errors.push_back("interrupted (Ctrl-C): faults reverted, case not finished");
  } catch (const Error& e) {
    (e.kind() == ErrorKind::check_failed ? ctx.outcome.failures : ctx.outcome.errors).push_back(e.what());
    ctx.timeline.add(EventKind::note, "", std::string("stopped: ") + e.what());
  } catch (const std::exception& e) {
    ctx.outcome.errors.push_back(std::string("harness error: ") + e.what());
  }
}

}  // namespace

CaseReport run_one_case(const EngineDeps& deps, const Scenario& scenario, const Case& c, int iteration,
                        const RunOptions& options) {
  CaseContext ctx(deps, scenario, c, iteration, options);
  const auto t0 = deps.clock.now();
  {
    // Its destructor reverts whatever is still in place, also when a clean-up step threw.
    FaultStack stack(ctx.fault_context);
    ctx.fault_stack = &stack;
    run_case_steps_catching(ctx);
    for (CaseStep step : cleanup_steps) step(ctx);
    ctx.fault_stack = nullptr;
  }
  ctx.report.timeline = ctx.timeline.events();
  ctx.report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(deps.clock.now() - t0);
  return ctx.report;
}

}  // namespace klab::scenarios
