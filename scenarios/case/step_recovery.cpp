#include "scenarios/case/case_steps.hpp"
#include "scenarios/duration.hpp"
#include "scenarios/health.hpp"

namespace klab::scenarios::case_run {

void wait_recovered(CaseContext& ctx) {
  const Millis within = ctx.case_spec.expectations.recovery;
  announce_step(ctx, "wait healthy (up to " + format_duration(within) + ")");
  const std::vector<Requirement> require =
      recovery_requirements(ctx.deps.plan, ctx.scenario.preconditions.require, invariant_names(ctx));
  if (const std::vector<std::string> problems = wait_healthy(ctx, within, require); !problems.empty()) {
    std::string text = "not healthy " + format_duration(within) + " after the heal:";
    for (const auto& p : problems) text += "\n  " + p;
    ctx.outcome.failures.push_back(text);
    return;
  }
  ctx.timeline.add(EventKind::state, "", "healthy again");
  let_the_writer_write_after_the_heal(ctx);
}

}  // namespace klab::scenarios::case_run
