#include "scenarios/case/case_steps.hpp"

namespace klab::scenarios::case_run {

// Written before the first step of the fault: a klab killed from here on leaves the
// entry, and the next run recovers these hosts (faults/recovery.hpp).
void record_in_ledger(CaseContext& ctx, const std::vector<std::string>& hosts) {
  FaultLedger* ledger = ctx.options.ledger;
  if (!ledger) return;
  ctx.injection.ledger_id =
      ledger->record({"", ctx.scenario.name, ctx.report.name(), ctx.case_spec.fault.type, hosts, 0, ""});
}

void settle_ledger_entry(CaseContext& ctx) {
  FaultLedger* ledger = ctx.options.ledger;
  if (!ledger || ctx.injection.ledger_id.empty()) return;
  if (ctx.injection.verified_gone) {
    ledger->clear(ctx.injection.ledger_id);
    return;
  }
  const std::string note =
      "the fault stays recorded in " + ledger->file().string() + ": `klab scenario heal` reverts what is left";
  ctx.timeline.add(EventKind::note, "", note);
  ctx.outcome.errors.push_back(note);
}

}  // namespace klab::scenarios::case_run
