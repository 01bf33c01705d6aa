#include "scenarios/role_resolution.hpp"

#include <algorithm>

#include "base/strings.hpp"

namespace klab::scenarios {

namespace {

Resolution fail(const TargetSpec& target, const std::string& why) {
  return {{}, "cannot resolve " + to_string(target) + ": " + why};
}

std::vector<std::string> candidates(const TargetSpec& target, const lab::Plan& plan, const ClusterFacts& facts,
                                    std::string& why) {
  std::vector<std::string> out;
  const auto leader = etcd_leader(facts);
  switch (target.role) {
    case TargetRole::etcd_leader:
      if (leader) out.push_back(*leader);
      else why = "no etcd member reports being the leader";
      break;
    case TargetRole::etcd_follower:
      if (!leader) why = "no etcd leader, so no follower either";
      for (const auto& [host, status] : facts.etcd)
        if (leader && status.reachable && host != *leader) out.push_back(host);
      if (leader && out.empty()) why = "no reachable member besides the leader " + *leader;
      break;
    case TargetRole::vip_holder:
      if (facts.vip_holders.size() == 1) out.push_back(facts.vip_holders.front());
      else if (facts.vip_holders.empty()) why = "no host holds the VIP";
      else why = "the VIP is on " + std::to_string(facts.vip_holders.size()) + " hosts (" + base::join(facts.vip_holders, ", ") + ")";
      break;
    case TargetRole::lb_backup:
      // From the wire a BACKUP is a running VIP host that does not advertise.
      for (const auto& [host, state] : facts.vrrp) {
        auto power = facts.power.find(host);
        const bool running = power == facts.power.end() || power->second == lab::HostState::running;
        if (state == VrrpState::backup || (state == VrrpState::silent && running)) out.push_back(host);
      }
      if (out.empty()) why = "no keepalived instance is in BACKUP state";
      break;
    case TargetRole::master_any:
      for (const lab::HostPlan* m : plan.hosts_with_role(lab::Role::master)) out.push_back(m->name);
      if (out.empty()) why = "the lab has no master";
      break;
    case TargetRole::host:
      if (plan.find_host(target.host)) out.push_back(target.host);
      else {
        std::vector<std::string> names;
        for (const lab::HostPlan& h : plan.hosts) names.push_back(h.name);
        why = "lab '" + plan.lab + "' has no host '" + target.host + "' (hosts: " + base::join(names, ", ") + ")";
      }
      break;
    case TargetRole::all:
      for (const lab::HostPlan& h : plan.hosts) out.push_back(h.name);
      break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Resolution resolve_target(const TargetSpec& target, const lab::Plan& plan, const ClusterFacts& facts,
                          SeededRng& rng) {
  std::string why;
  std::vector<std::string> pool = candidates(target, plan, facts, why);
  if (pool.empty()) return fail(target, why);
  if (target.role == TargetRole::all)
    return {pool, "all → " + base::join(pool, ", ")};
  if (static_cast<std::size_t>(target.count) > pool.size())
    return fail(target, "needs " + std::to_string(target.count) + " hosts, only " + std::to_string(pool.size()) +
                            " qualify (" + base::join(pool, ", ") + ")");
  const std::vector<std::string> all = pool;
  std::vector<std::string> chosen;
  for (int i = 0; i < target.count; ++i) {
    const std::size_t index = rng.pick(pool.size());
    chosen.push_back(pool[index]);
    pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(index));
  }
  std::string explanation = to_string(target) + " → " + base::join(chosen, ", ");
  if (all.size() > 1) explanation += " (seeded pick among " + base::join(all, ", ") + ")";
  return {chosen, explanation};
}

}  // namespace klab::scenarios
