#include "scenarios/case/case_steps.hpp"

namespace klab::scenarios::case_run {

void revert_faults_left(CaseContext& ctx) {
  const auto problems = [&] { return ctx.outcome.errors.size() + ctx.outcome.failures.size(); };
  const std::size_t before = problems();
  record_revert_errors(ctx, ctx.fault_stack->revert_all());
  ctx.injection.verified_gone = problems() == before;
  ctx.report.faults_injected = ctx.fault_stack->injected();
}

}  // namespace klab::scenarios::case_run
