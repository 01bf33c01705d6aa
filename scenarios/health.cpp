#include "scenarios/health.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "provisioner/etcd/member.hpp"
#include "provisioner/render/lab_view.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {

namespace {

void hosts_running(const ClusterFacts& facts, std::vector<std::string>& problems) {
  for (const auto& [host, state] : facts.power)
    if (state != lab::HostState::running) problems.push_back(host + " is " + lab::to_string(state) + ", not running");
}

void etcd_healthy(const lab::Plan& plan, const ClusterFacts& facts, std::vector<std::string>& problems) {
  std::set<std::uint64_t> leaders, clusters;
  for (const auto& [host, status] : facts.etcd) {
    if (!status.reachable) {
      problems.push_back("etcd on " + host + " does not answer: " + status.error);
      continue;
    }
    if (status.leader_id == 0) problems.push_back("etcd on " + host + " knows no leader");
    else leaders.insert(status.leader_id);
    clusters.insert(status.cluster_id);
  }
  if (leaders.size() > 1) problems.push_back("etcd members disagree about the leader");
  if (clusters.size() > 1) problems.push_back("etcd members report " + std::to_string(clusters.size()) + " cluster IDs");
  if (!facts.members) {
    problems.push_back("no etcd member returned a member list");
    return;
  }
  std::set<std::string> masters;
  for (const lab::HostPlan* m : plan.hosts_with_role(lab::Role::master)) masters.insert(m->name);
  std::set<std::string> started;
  for (const provisioner::etcd::Member& m : *facts.members) {
    if (!m.started()) problems.push_back("member " + provisioner::etcd::hex_id(m.id) + " is listed but unstarted");
    else if (!masters.count(m.name)) problems.push_back("member list has '" + m.name + "', not a master of this lab");
    else started.insert(m.name);
  }
  for (const std::string& name : masters)
    if (!started.count(name)) problems.push_back(name + " is not a started member of the etcd cluster");
}

/// The VIP host keepalived settles on: the running one with the highest priority.
std::optional<std::string> vip_home(const lab::Plan& plan, const provisioner::Settings& settings,
                                    const ClusterFacts& facts) {
  std::optional<std::string> best;
  int best_priority = -1;
  for (const lab::HostPlan* h : provisioner::vip_hosts(plan)) {
    auto power = facts.power.find(h->name);
    if (power != facts.power.end() && power->second != lab::HostState::running) continue;
    const int priority = provisioner::vrrp_priority(settings.keepalived, plan, *h).value_or(0);
    if (priority > best_priority) best = h->name, best_priority = priority;
  }
  return best;
}

void vip_held(const lab::Plan& plan, const provisioner::Settings& settings, const ClusterFacts& facts,
              std::vector<std::string>& problems) {
  if (facts.vip_holders.size() == 1) {
    const auto home = vip_home(plan, settings, facts);
    if (home && facts.vip_holders.front() != *home)
      problems.push_back("the VIP is on " + facts.vip_holders.front() + ", not yet back on " + *home +
                         " (the highest VRRP priority; it preempts)");
    return;
  }
  std::string holders = base::join(facts.vip_holders, ", ");
  problems.push_back(facts.vip_holders.empty() ? "no host holds the VIP"
                                               : "the VIP is on several hosts: " + holders);
}

void one_master(const ClusterFacts& facts, std::vector<std::string>& problems) {
  const auto masters = vrrp_masters(facts);
  if (masters.size() != 1) {
    const std::string states =
        base::join(facts.vrrp, ", ", [](const auto& e) { return e.first + "=" + to_string(e.second); });
    problems.push_back(std::to_string(masters.size()) + " keepalived MASTERs (" + states + "), expected exactly 1");
  } else if (facts.vip_holders.size() == 1 && facts.vip_holders.front() != masters.front()) {
    problems.push_back("keepalived MASTER is " + masters.front() + " but the VIP is on " + facts.vip_holders.front());
  }
}

}  // namespace

std::vector<std::string> health_problems(const lab::Plan& plan, const provisioner::Settings& settings,
                                         const ClusterFacts& facts, const std::vector<Requirement>& require) {
  std::vector<std::string> problems;
  for (Requirement r : require) {
    switch (r) {
      case Requirement::hosts_running: hosts_running(facts, problems); break;
      case Requirement::etcd_healthy: etcd_healthy(plan, facts, problems); break;
      case Requirement::vip_held: vip_held(plan, settings, facts, problems); break;
      case Requirement::keepalived_one_master: one_master(facts, problems); break;
    }
  }
  return problems;
}

std::vector<Requirement> recovery_requirements(const lab::Plan& plan, const std::vector<Requirement>& preconditions,
                                               const std::vector<std::string>& invariants) {
  std::vector<Requirement> out = preconditions;
  const auto add = [&out](Requirement r) {
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  };
  const bool has_vip = !provisioner::vip_hosts(plan).empty();
  for (const std::string& name : invariants)
    if (name == "lb-single-master" && has_vip) add(Requirement::keepalived_one_master);
  return out;
}

}  // namespace klab::scenarios
