#pragma once
// The steps of one case run, each in a file of its own (step_*.cpp); case_runner.cpp
// lists them in the order they run. A step that makes the case inconclusive ends it, as
// does one that throws; the clean-up steps run after every case, however it ended.
#include <string>
#include <vector>

#include "scenarios/case/case_context.hpp"

namespace klab::scenarios::case_run {

// The case
/// RunOptions::prepare (e.g. restore a snapshot); a reason it gives: inconclusive.
void prepare_lab(CaseContext& ctx);
/// No host-side fault left from an earlier run, the lab healthy: the baseline.
void pass_precondition_gate(CaseContext& ctx);
/// Each guest's clock, from which its journals are read later.
void mark_journal_start(CaseContext& ctx);
void start_probes(CaseContext& ctx);
/// The hosts the case's role names now, chosen with the case's seed.
void choose_target(CaseContext& ctx);
void inject_fault(CaseContext& ctx);
/// For the hold's duration, or until its condition, watching the lab's state change.
void hold_fault(CaseContext& ctx);
void heal_fault(CaseContext& ctx);
/// Healthy again within the case's recovery bound, or the case fails.
void wait_recovered(CaseContext& ctx);
void stop_probes(CaseContext& ctx);
void measure_expectations(CaseContext& ctx);
/// Every invariant but no-fault-left, which the clean-up runs after the final revert.
void run_invariant_checks(CaseContext& ctx);

// The clean-up
void stop_probes_left_running(CaseContext& ctx);
void revert_faults_left(CaseContext& ctx);
void verify_no_fault_left(CaseContext& ctx);
/// Clears the case's fault ledger entry once its fault is verified gone.
void settle_ledger_entry(CaseContext& ctx);
void decide_verdict(CaseContext& ctx);
/// Journals, logs and state of a case that did not pass, into RunOptions::artifacts_dir.
void keep_artifacts_of_failure(CaseContext& ctx);

// Shared by steps
/// After the heal, with the lab healthy again: lets the writer get one write through.
void let_the_writer_write_after_the_heal(CaseContext& ctx);  // step_probes.cpp
/// Journals of the case's services since mark_journal_start, for measure and log-scan.
void collect_journals(CaseContext& ctx);                     // step_journals.cpp
/// Records the fault before its first step (step_ledger.cpp).
void record_in_ledger(CaseContext& ctx, const std::vector<std::string>& hosts);
/// The services whose journals a case reads and keeps (step_journals.cpp).
const std::vector<std::string>& service_units();

}  // namespace klab::scenarios::case_run
