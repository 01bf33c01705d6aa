#include "scenarios/case/case_steps.hpp"
#include "scenarios/faults/registry.hpp"

namespace klab::scenarios::case_run {

void inject_fault(CaseContext& ctx) {
  const std::vector<std::string>& hosts = ctx.report.target_hosts;
  ctx.injection.watch = std::make_unique<StateWatch>(ctx.timeline, ctx.baseline);
  announce_step(ctx, "inject " + ctx.case_spec.fault.type + " into " + comma_separated(hosts));
  ctx.injection.at = ctx.timeline.elapsed();
  record_in_ledger(ctx, hosts);
  make_fault(ctx.case_spec.fault)->inject(ctx.fault_context, hosts, *ctx.fault_stack);
  // Failover times count from when the fault took effect, not from when klab began
  // injecting it (a kill over SSH first installs a drop-in: seconds under TCG).
  if (ctx.fault_context.effective_at) {
    ctx.injection.at = *ctx.fault_context.effective_at;
    ctx.timeline.add_at(ctx.injection.at, EventKind::fault, comma_separated(hosts), "in effect");
  }
  merge_findings(ctx);
}

}  // namespace klab::scenarios::case_run
