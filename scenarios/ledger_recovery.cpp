#include "scenarios/ledger_recovery.hpp"

#include "base/error.hpp"
#include "scenarios/fault_ledger.hpp"
#include "scenarios/faults/recovery.hpp"
#include "scenarios/timeline.hpp"

namespace klab::scenarios {

bool recover_recorded_faults(LiveLab& live, lab::Progress& progress) {
  FaultLedger ledger = FaultLedger::for_lab(live.plan().lab);
  const std::vector<LedgerEntry> entries = ledger.entries();
  if (entries.empty()) return false;
  for (const LedgerEntry& e : entries)
    progress.note("found a fault an interrupted run left recorded: " + describe(e) + "; reverting it");
  SteadyClock clock;
  EngineDeps deps = live.engine_deps(clock, progress);
  Timeline timeline(clock);
  FaultContext fctx{deps.plan, deps.settings, deps.lab, deps.cluster, deps.transport, deps.clock,
                        timeline, {}, {}, {}, {}};
  const RecoveryReport report = recover_recorded(fctx, ledger);
  for (const std::string& a : report.actions) progress.note("recovered: " + a);
  if (!report.ok()) {
    std::string what;
    for (const std::string& r : report.remaining) what += "\n  " + r;
    throw infra_error("faults recorded in " + ledger.file().string() + " are still in place after recovery:" + what +
                      "\nfix them (or `klab down` + `klab up` + `klab deploy`), then run `klab scenario heal`");
  }
  progress.note(report.actions.empty() ? "nothing of the recorded faults was still in place; ledger cleared"
                                       : "recorded faults reverted; ledger cleared");
  return true;
}

bool recover_recorded_faults(const lab::Plan& plan, lab::Progress& progress) {
  if (FaultLedger::for_lab(plan.lab).entries().empty()) return false;
  LiveLab live(plan);
  return recover_recorded_faults(live, progress);
}

}  // namespace klab::scenarios
