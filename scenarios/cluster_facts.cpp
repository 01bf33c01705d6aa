#include "scenarios/cluster_facts.hpp"

#include "provisioner/render/lab_view.hpp"

namespace klab::scenarios {

ClusterFacts gather_facts(const lab::Plan& plan, ClusterView& view, LabControl& lab) {
  ClusterFacts facts;
  for (const lab::HostPlan& h : plan.hosts) facts.power[h.name] = lab.state(h.name);
  for (const lab::HostPlan* m : plan.hosts_with_role(lab::Role::master))
    facts.etcd[m->name] = view.etcd_status(m->name);
  const std::optional<std::string> leader = etcd_leader(facts);
  if (leader) facts.members = view.etcd_members(*leader);
  for (auto it = facts.etcd.begin(); !facts.members && it != facts.etcd.end(); ++it)
    if (it->second.reachable) facts.members = view.etcd_members(it->first);
  if (!provisioner::vip_hosts(plan).empty()) {
    facts.vrrp = view.keepalived_states();
    facts.vip_holders = view.vip_holders();
  }
  return facts;
}

std::optional<std::string> etcd_leader(const ClusterFacts& facts) {
  std::optional<std::string> best;
  std::uint64_t best_term = 0;
  for (const auto& [host, status] : facts.etcd) {
    if (!status.is_leader()) continue;
    if (!best || status.raft_term > best_term) {
      best = host;
      best_term = status.raft_term;
    }
  }
  return best;
}

std::vector<std::string> vrrp_masters(const ClusterFacts& facts) {
  std::vector<std::string> out;
  for (const auto& [host, state] : facts.vrrp)
    if (state == VrrpState::master) out.push_back(host);
  return out;
}

}  // namespace klab::scenarios
