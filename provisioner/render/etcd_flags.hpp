#pragma once
// The flags of one etcd member, computed once and used by both etcd modes: the systemd
// environment file (ETCD_* variables) and the static-pod manifest (--flag=value), so the
// two cannot drift apart.
#include <string>
#include <utility>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/etcd/cluster_state.hpp"
#include "provisioner/settings.hpp"

namespace klab::provisioner {

struct EtcdMember {
  std::string name;  // the host name; etcd's --name
  lab::Ipv4 ip;
};

/// What the etcd phase decided for this start (cluster_state.hpp): who is in
/// --initial-cluster, new or existing, and the token of this cluster's bootstrap.
struct EtcdClusterSpec {
  std::vector<EtcdMember> initial_cluster;
  InitialClusterState state = InitialClusterState::new_cluster;
  std::string token;
};

/// Every master, in order: the --initial-cluster of a bootstrap.
std::vector<EtcdMember> etcd_members(const lab::Plan& plan);

/// "klab-<lab>-<nonce>". The etcd phase makes a fresh nonce per bootstrap and records the
/// token with the cluster ID: a re-bootstrap from identical flags would otherwise produce
/// the same cluster ID, and the one-cluster-ID check could not see the split.
std::string make_cluster_token(const std::string& lab, const std::string& nonce);

std::string peer_url(const EtcdSettings& settings, lab::Ipv4 ip);
std::string client_url(const EtcdSettings& settings, lab::Ipv4 ip);
/// "kube-master1=https://192.168.49.151:2380,..."
std::string initial_cluster(const EtcdSettings& settings, const std::vector<EtcdMember>& members);

using FlagList = std::vector<std::pair<std::string, std::string>>;  // {"data-dir", "/var/..."}

/// The flags of `host`'s member; throws a usage Error when `host` is not a master or is
/// missing from spec.initial_cluster, or the spec has no token.
FlagList etcd_flags(const Settings& settings, const lab::HostPlan& host,
                    const EtcdClusterSpec& spec);

}  // namespace klab::provisioner
