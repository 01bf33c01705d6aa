#include "scenarios/case/case_steps.hpp"

namespace klab::scenarios::case_run {

void heal_fault(CaseContext& ctx) {
  if (ctx.case_spec.heal != HealMode::revert) {
    announce_step(ctx, "heal: none (the fault heals itself)");
    return;
  }
  announce_step(ctx, "heal: revert the fault");
  record_revert_errors(ctx, ctx.fault_stack->revert_all());
  merge_findings(ctx);  // the heal's journal survey can name further outcomes
}

}  // namespace klab::scenarios::case_run
