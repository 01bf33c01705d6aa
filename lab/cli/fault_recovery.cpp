#include "lab/cli/fault_recovery.hpp"

#include "lab/error.hpp"
#include "scenarios/fault_ledger.hpp"
#include "scenarios/faults/recovery.hpp"
#include "scenarios/timeline.hpp"

namespace klab::cli {

namespace sc = klab::scenarios;

bool recover_recorded_faults(sc::LiveLab& live, lab::Progress& progress) {
  sc::FaultLedger ledger = sc::FaultLedger::for_lab(live.plan().lab);
  const std::vector<sc::LedgerEntry> entries = ledger.entries();
  if (entries.empty()) return false;
  for (const sc::LedgerEntry& e : entries)
    progress.note("found a fault an interrupted run left recorded: " + sc::describe(e) + "; reverting it");
  sc::SteadyClock clock;
  sc::EngineDeps deps = live.engine_deps(clock, progress);
  sc::Timeline timeline(clock);
  sc::FaultContext fctx{deps.plan, deps.settings, deps.lab, deps.cluster, deps.transport, deps.clock,
                        timeline, {}, {}, {}, {}};
  const sc::RecoveryReport report = sc::recover_recorded(fctx, ledger);
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
  if (sc::FaultLedger::for_lab(plan.lab).entries().empty()) return false;
  sc::LiveLab live(plan);
  return recover_recorded_faults(live, progress);
}

}  // namespace klab::cli
