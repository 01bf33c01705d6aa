#pragma once
// ClusterFacts: one observation of the lab (etcd per member, VRRP states, VIP holders,
// power states), gathered through ClusterView and LabControl. Role resolution, health
// and the state watch are pure functions of it, so they are tested without a lab.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "lab/provider.hpp"
#include "scenarios/cluster_view.hpp"
#include "scenarios/lab_control.hpp"

namespace klab::scenarios {

struct ClusterFacts {
  std::map<std::string, lab::HostState> power;       // every host of the plan
  std::map<std::string, EtcdEndpointStatus> etcd;     // every master
  std::optional<std::vector<provisioner::etcd::Member>> members;     // as the leader (or any member) sees it
  std::map<std::string, VrrpState> vrrp;              // every VIP host
  std::vector<std::string> vip_holders;
};

/// Asks everything once. Infrastructure errors of the view propagate.
ClusterFacts gather_facts(const lab::Plan& plan, ClusterView& view, LabControl& lab);

/// The host whose member is the leader, as the members agree; when members disagree
/// (a stale leader after a partition) the one with the highest raft term wins.
std::optional<std::string> etcd_leader(const ClusterFacts& facts);

/// The hosts in MASTER state.
std::vector<std::string> vrrp_masters(const ClusterFacts& facts);

}  // namespace klab::scenarios
