#include "scenarios/case/case_steps.hpp"
#include "scenarios/duration.hpp"
#include "scenarios/health.hpp"

namespace klab::scenarios::case_run {

namespace {

/// Every target is down: its etcd member unreachable, or (no member) not VRRP MASTER.
bool targets_unreachable(const ClusterFacts& now, const std::vector<std::string>& hosts) {
  for (const std::string& h : hosts) {
    auto e = now.etcd.find(h);
    if (e != now.etcd.end()) {
      if (e->second.reachable) return false;
    } else {
      auto v = now.vrrp.find(h);
      if (v != now.vrrp.end() && v->second == VrrpState::master) return false;
    }
  }
  return true;
}

bool condition_met(const CaseContext& ctx, HoldCondition until, const ClusterFacts& now) {
  const StateWatch& watch = *ctx.injection.watch;
  switch (until) {
    case HoldCondition::leader_changed: return watch.leader_changed_at().has_value();
    case HoldCondition::vip_moved: return watch.vip_moved_at().has_value();
    case HoldCondition::healthy:
      return health_problems(ctx.deps.plan, ctx.deps.settings, now, ctx.scenario.preconditions.require).empty();
    case HoldCondition::target_unreachable: return targets_unreachable(now, ctx.report.target_hosts);
  }
  return false;
}

void hold_for_the_duration(CaseContext& ctx, Clock::time_point deadline) {
  announce_step(ctx, "hold " + format_duration(ctx.case_spec.hold.duration));
  wait_for(ctx, deadline, [&] {
    ctx.injection.watch->observe(observe(ctx));
    return false;
  });
}

void hold_until(CaseContext& ctx, HoldCondition until, Clock::time_point deadline) {
  const Millis at_most = ctx.case_spec.hold.duration;
  announce_step(ctx, "hold until " + to_string(until) + " (at most " + format_duration(at_most) + ")");
  const bool met = wait_for(ctx, deadline, [&] {
    const ClusterFacts now = observe(ctx);
    ctx.injection.watch->observe(now);
    return condition_met(ctx, until, now);
  });
  if (met)
    ctx.timeline.add(EventKind::state, "", to_string(until) + " observed");
  else
    ctx.outcome.failures.push_back("hold: " + to_string(until) + " not observed within " + format_duration(at_most));
}

}  // namespace

void hold_fault(CaseContext& ctx) {
  const auto deadline = ctx.deps.clock.now() + ctx.case_spec.hold.duration;
  if (ctx.case_spec.hold.until)
    hold_until(ctx, *ctx.case_spec.hold.until, deadline);
  else
    hold_for_the_duration(ctx, deadline);
}

}  // namespace klab::scenarios::case_run
