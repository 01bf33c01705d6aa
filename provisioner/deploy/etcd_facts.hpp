#pragma once
// What the etcd phase observes on the masters, parsed from etcdctl's JSON output, and
// how it turns into one MemberFacts per member for decide_cluster_action.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/deploy/host_script.hpp"
#include "provisioner/etcd/cluster_state.hpp"
#include "provisioner/etcd/etcdctl_output.hpp"
#include "provisioner/etcd/member.hpp"
#include "provisioner/settings.hpp"

namespace klab::provisioner {

/// One master's probe facts.
struct MasterProbe {
  std::string host;
  bool has_data = false;
  std::string active;          // systemctl is-active etcd
  std::string enabled;         // systemctl is-enabled etcd
  bool env_is_klabs = false;   // /etc/default/etcd was rendered by klab
  std::string token;           // ETCD_INITIAL_CLUSTER_TOKEN of the installed file
  std::optional<etcd::MemberList> members;
  std::optional<etcd::EndpointStatus> status;  // of its own member, when that one answered
  std::map<std::string, bool> health;
};

/// The facts script for one master: data dir, service state, installed token, and —
/// when its client certificate is installed — member list and health of all members and
/// the status of its own member (when that one runs).
HostScript etcd_probe_script(const lab::Plan& plan, const Settings& settings);
MasterProbe parse_master_probe(const std::string& host, const ScriptResult& result);

/// The cluster as the masters saw it, from every probe: the first member list any of
/// them read (healthy when any endpoint answered a linearizable health check), every
/// cluster ID reported (each member's own status, each member list's answering member),
/// and which masters have data.
struct ClusterObservation {
  ClusterView view = ClusterView::unreachable;
  std::optional<etcd::MemberList> members;
  std::map<std::string, std::set<std::string>> clusters;  // cluster ID -> members in it
  std::set<std::string> with_data;                        // hosts whose data dir has a WAL
  /// The one cluster ID observed; nullopt for none or several.
  std::optional<std::string> single_cluster_id() const;
};
ClusterObservation observe_cluster(const std::vector<MasterProbe>& probes);

MemberFacts member_facts(const MasterProbe& probe, const ClusterObservation& cluster, const lab::HostPlan& host,
                         const EtcdSettings& settings, const std::optional<std::string>& recorded_cluster_id);

}  // namespace klab::provisioner
