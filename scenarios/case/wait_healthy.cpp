#include "scenarios/case/case_context.hpp"
#include "scenarios/health.hpp"

namespace klab::scenarios::case_run {

namespace {

/// While waiting for health: say what is still wrong whenever that changes, so a
/// long wait on a slow lab shows what it waits for.
void note_waiting_for(CaseContext& ctx, const std::vector<std::string>& problems) {
  std::string text = "waiting for: " + problems.front();
  if (problems.size() > 1) text += " (+" + std::to_string(problems.size() - 1) + " more)";
  note_progress(ctx, text);
}

}  // namespace

std::vector<std::string> wait_healthy(CaseContext& ctx, std::chrono::milliseconds within,
                                      const std::vector<Requirement>& require) {
  std::vector<std::string> problems;
  wait_for(ctx, ctx.deps.clock.now() + within, [&] {
    const std::vector<std::string> before = problems;
    const ClusterFacts now = observe(ctx);
    if (ctx.injection.watch) ctx.injection.watch->observe(now);  // the recovery's state changes go on the timeline too
    problems = health_problems(ctx.deps.plan, ctx.deps.settings, now, require);
    if (!problems.empty() && problems != before) note_waiting_for(ctx, problems);
    return problems.empty();
  });
  return problems;
}

}  // namespace klab::scenarios::case_run
