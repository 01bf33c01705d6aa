#pragma once
// The etcd cluster-state decision (seeds/000's rejoin trap, done right): from what the
// etcd phase observed about one member, what to do with it. Pure: no I/O, no clock.
//
//   bootstrap_new   start with --initial-cluster-state=new: only while no master has data,
//                   klab recorded no cluster ID and no member reports one (a fresh lab, or
//                   a bootstrap interrupted before any member started)
//   start_as_is     data is present: etcd ignores --initial-cluster-state; rejoin
//   join_existing   `member add` (unless already listed, unstarted), then start `existing`
//   replace_member  `member remove` (when listed), wipe the data dir, `member add`, start
//                   `existing`: the data lost or stale, a healthy quorum holds the truth
//   refuse          anything else would lose data or split the cluster; the reason says
//                   what happened and the safe procedure
#include <map>
#include <optional>
#include <set>
#include <string>

namespace klab::provisioner {

enum class InitialClusterState { new_cluster, existing };
std::string to_string(InitialClusterState state);  // "new" | "existing"

/// What the other members answered.
enum class ClusterView {
  unreachable,  // no other member answered
  no_quorum,    // members answered, but there is no leader / no linearizable member list
  healthy,      // a leader exists and the member list was read
};

/// This member's entry in the (healthy) cluster's member list.
enum class Membership {
  not_listed,
  listed_unstarted,  // `member add`-ed, never joined (no name in the list)
  listed_started,
};

struct MemberFacts {
  std::string member;     // host name, for messages
  bool has_data = false;  // <data_dir>/member/wal holds a WAL
  ClusterView cluster = ClusterView::unreachable;
  Membership membership = Membership::not_listed;  // meaningful when cluster == healthy
  std::optional<std::string> recorded_cluster_id;  // klab's lab state, set at bootstrap
  std::optional<std::string> observed_cluster_id;  // from the answering members
  /// Every cluster ID the masters reported (a member's own status header, the header of
  /// a member list read), each with the members that reported it. Two or more: a second
  /// cluster exists.
  std::map<std::string, std::set<std::string>> observed_clusters;
  /// Every master whose data dir holds a WAL (this one too, when has_data): with any of
  /// them, a cluster may already have formed, so `new` is never chosen.
  std::set<std::string> members_with_data;
};

enum class EtcdAction { bootstrap_new, start_as_is, join_existing, replace_member, refuse };
std::string to_string(EtcdAction action);

struct EtcdDecision {
  EtcdAction action = EtcdAction::refuse;
  bool member_remove = false;  // `etcdctl member remove <id>` first
  bool wipe_data = false;      // remove <data_dir> before starting
  bool member_add = false;     // `etcdctl member add <name> --peer-urls=...`
  InitialClusterState state = InitialClusterState::existing;  // what to render
  bool record_cluster_id = false;  // klab has no ID yet: record the one seen after start
  std::string reason;              // why; for refuse, what happened and the safe procedure
};

/// The decision table; docs/templates.md and cluster_state_test.cpp list every row.
EtcdDecision decide_cluster_action(const MemberFacts& facts);

/// Returns `decision` unless it is a refusal; then throws an infrastructure Error whose
/// message is the refusal's reason.
const EtcdDecision& must_proceed(const EtcdDecision& decision);

}  // namespace klab::provisioner
