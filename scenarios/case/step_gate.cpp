#include "scenarios/case/case_steps.hpp"
#include "scenarios/duration.hpp"

namespace klab::scenarios::case_run {

namespace {

/// A host-side fault an earlier run left (a partition, netem) would be measured as this
/// case's.
bool leftovers_found(CaseContext& ctx) {
  const std::vector<std::string> left = ctx.deps.lab.leftovers();
  if (left.empty()) return false;
  mark_inconclusive(ctx, "host-side faults left from an earlier run: " + left.front() +
                             (left.size() > 1 ? " (+" + std::to_string(left.size() - 1) + " more)" : ""));
  return true;
}

bool unhealthy(CaseContext& ctx) {
  const Preconditions& pre = ctx.scenario.preconditions;
  const std::vector<std::string> problems = wait_healthy(ctx, pre.wait, pre.require);
  if (problems.empty()) return false;
  std::string text = "the lab was not healthy before the fault:";
  for (const auto& p : problems) text += "\n  " + p;
  mark_inconclusive(ctx, text);
  return true;
}

}  // namespace

void pass_precondition_gate(CaseContext& ctx) {
  announce_step(ctx, "precondition gate (wait up to " + format_duration(ctx.scenario.preconditions.wait) + ")");
  if (leftovers_found(ctx) || unhealthy(ctx)) return;
  ctx.baseline = observe(ctx);
}

}  // namespace klab::scenarios::case_run
