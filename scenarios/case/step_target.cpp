#include <algorithm>

#include "scenarios/case/case_steps.hpp"
#include "scenarios/faults/registry.hpp"
#include "scenarios/role_resolution.hpp"
#include "scenarios/rng.hpp"

namespace klab::scenarios::case_run {

namespace {

bool any_held_the_vip(const std::vector<std::string>& hosts, const ClusterFacts& baseline) {
  const std::vector<std::string>& holders = baseline.vip_holders;
  return std::any_of(hosts.begin(), hosts.end(),
                     [&](const std::string& h) { return std::count(holders.begin(), holders.end(), h) > 0; });
}

/// etcd faults (masters_only): every target host must be an etcd member, else inconclusive.
void require_etcd_members(CaseContext& ctx, const std::vector<std::string>& hosts) {
  const FaultType* type = find_fault_type(ctx.case_spec.fault.type);
  if (!type || !type->masters_only) return;
  for (const std::string& h : hosts) {
    const lab::HostPlan* hp = ctx.deps.plan.find_host(h);
    if (!hp || hp->role != lab::Role::master) {
      mark_inconclusive(ctx, "fault " + ctx.case_spec.fault.type + " needs an etcd member, but " +
                                 to_string(ctx.case_spec.target) + " resolved to " + h);
      return;
    }
  }
}

}  // namespace

void choose_target(CaseContext& ctx) {
  announce_step(ctx, "resolve target " + to_string(ctx.case_spec.target));
  SeededRng rng(ctx.report.seed);
  const Resolution res = resolve_target(ctx.case_spec.target, ctx.deps.plan, ctx.baseline, rng);
  ctx.report.target_explanation = res.explanation;
  if (!res.ok()) {
    mark_inconclusive(ctx, res.explanation);
    return;
  }
  ctx.report.target_hosts = res.hosts;
  ctx.timeline.add(EventKind::note, "", res.explanation);
  ctx.injection.target_held_vip = any_held_the_vip(res.hosts, ctx.baseline);
  require_etcd_members(ctx, res.hosts);
}

}  // namespace klab::scenarios::case_run
