#include "scenarios/case/case_steps.hpp"

namespace klab::scenarios::case_run {

void prepare_lab(CaseContext& ctx) {
  if (!ctx.options.prepare) return;
  announce_step(ctx, "prepare");
  if (std::optional<std::string> why = ctx.options.prepare(ctx.scenario, ctx.case_spec, ctx.report.iteration))
    mark_inconclusive(ctx, *why);
}

}  // namespace klab::scenarios::case_run
