#pragma once
// CaseContext: everything one case run knows, shared by its steps (case_steps.hpp). The
// runner (case_runner.cpp) runs the steps in order; each reads what the earlier ones
// left here and adds its part. Below it, the few helpers several steps share.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "scenarios/checks/check.hpp"
#include "scenarios/clock.hpp"
#include "scenarios/cluster_facts.hpp"
#include "scenarios/engine_deps.hpp"
#include "scenarios/faults/fault.hpp"
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/reports/report.hpp"
#include "scenarios/state_watch.hpp"
#include "scenarios/timeline.hpp"

namespace klab::scenarios::case_run {

/// Thrown by a step that saw Ctrl-C: the runner reverts and reports the case interrupted.
struct Interrupted {};

/// The fault on its targets: from inject to the clean-up.
struct Injection {
  std::unique_ptr<StateWatch> watch;   // the lab's changes since the baseline; null before inject
  std::chrono::milliseconds at{0};     // when the fault took effect, since the case began
  bool target_held_vip = false;        // some target held the VIP at the baseline
  std::string ledger_id;               // its fault ledger entry; empty: not recorded
  bool verified_gone = false;          // after the clean-up: every revert worked, nothing left
};

struct ProbeRun {
  bool running = false;
  ProbeResults results;  // once stopped
};

struct JournalScan {
  std::map<std::string, std::string> epochs;  // host → guest epoch when the gate passed
  Journals fetched;
  bool collected = false;
};

/// What the verdict is decided from (step_verdict.cpp).
struct Outcome {
  bool interrupted = false;
  bool inconclusive = false;                     // ends the case: no step after it runs
  std::vector<std::string> failures;             // a check, expectation or heal broke
  std::vector<std::string> errors;               // the harness could not do its part
  std::vector<std::string> inconclusive_reasons;
};

struct CaseContext {
  CaseContext(const EngineDeps& deps, const Scenario& scenario, const Case& case_spec, int iteration,
              const RunOptions& options);

  const EngineDeps& deps;
  const Scenario& scenario;
  const Case& case_spec;
  const RunOptions& options;
  Timeline timeline;
  FaultContext fault_context;
  FaultStack* fault_stack = nullptr;  // the runner's, for as long as the case runs
  CaseReport report;
  ClusterFacts baseline;              // observed once the precondition gate passed
  Injection injection;
  ProbeRun probes;
  JournalScan journals;
  LogExpectations logs;               // what log-scan is given (step_checks.cpp)
  Outcome outcome;
};

/// Starts a named step: checks for Ctrl-C, then puts it on the timeline and the progress.
void announce_step(CaseContext& ctx, const std::string& what);
void throw_if_interrupted(const CaseContext& ctx);
/// A progress line prefixed with scenario/case.
void note_progress(CaseContext& ctx, const std::string& text);
void mark_inconclusive(CaseContext& ctx, const std::string& why);

ClusterFacts observe(CaseContext& ctx);
/// Polls `condition` every poll interval until it holds (true) or `deadline` passes
/// (false). Throws Interrupted on Ctrl-C.
bool wait_for(CaseContext& ctx, Clock::time_point deadline, const std::function<bool()>& condition);
/// Problems still present when `within` ran out; empty when healthy (wait_healthy.cpp).
std::vector<std::string> wait_healthy(CaseContext& ctx, std::chrono::milliseconds within,
                                      const std::vector<Requirement>& require);

/// The fault context's findings not in the report yet go into it.
void merge_findings(CaseContext& ctx);
/// A heal that did not work is a failure; a revert the harness could not do, an error.
void record_revert_errors(CaseContext& ctx, const std::vector<FaultStack::RevertError>& errors);
/// The case's invariants, or the scenario's when the case names none.
const std::vector<std::string>& invariant_names(const CaseContext& ctx);

/// "a, b, c"
std::string comma_separated(const std::vector<std::string>& words);

}  // namespace klab::scenarios::case_run
