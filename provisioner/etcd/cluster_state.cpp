#include "provisioner/etcd/cluster_state.hpp"

#include "base/error.hpp"
#include "base/strings.hpp"

namespace klab::provisioner {

namespace {

EtcdDecision start_as_is(const MemberFacts& f, std::string reason) {
  EtcdDecision d;
  d.action = EtcdAction::start_as_is;
  // etcd ignores the flag when data exists; `existing` makes a member whose data vanished
  // between observation and start fail loudly instead of bootstrapping a second cluster.
  d.state = InitialClusterState::existing;
  d.record_cluster_id = !f.recorded_cluster_id;
  d.reason = std::move(reason);
  return d;
}

EtcdDecision join(const MemberFacts& f, bool add) {
  EtcdDecision d;
  d.action = EtcdAction::join_existing;
  d.member_add = add;
  d.state = InitialClusterState::existing;
  d.record_cluster_id = !f.recorded_cluster_id;
  d.reason = add ? f.member +
                       " has no data and is not a member of the healthy cluster: "
                       "member add, then start with initial-cluster-state=existing"
                 : f.member +
                       " was already member-added but never started: start it with "
                       "initial-cluster-state=existing (adding it again would be refused)";
  return d;
}

EtcdDecision replace(const MemberFacts& f, bool remove, std::string reason) {
  EtcdDecision d;
  d.action = EtcdAction::replace_member;
  d.member_remove = remove;
  d.wipe_data = true;
  d.member_add = true;
  d.state = InitialClusterState::existing;
  d.record_cluster_id = !f.recorded_cluster_id;
  d.reason = std::move(reason);
  return d;
}

EtcdDecision refuse(std::string reason) {
  EtcdDecision d;
  d.action = EtcdAction::refuse;
  d.reason = std::move(reason);
  return d;
}

EtcdDecision bootstrap(const MemberFacts& f, std::string reason) {
  EtcdDecision d;
  d.action = EtcdAction::bootstrap_new;
  d.state = InitialClusterState::new_cluster;
  d.record_cluster_id = true;
  d.reason = f.member + ": " + std::move(reason);
  return d;
}

std::string restore_procedure() {
  return " Safe procedure: start etcd on the members that still have data "
         "(systemctl start etcd), wait until `klab etcdctl -- endpoint health --cluster` "
         "shows a quorum, then re-run `klab deploy`; it adds this member back. If no member "
         "has data left, restore the latest snapshot (etcdctl snapshot restore) on one "
         "member and re-run deploy, or start over deliberately with `klab destroy`.";
}

EtcdDecision decide_with_data(const MemberFacts& f) {
  if (f.cluster != ClusterView::healthy) {
    return start_as_is(f, f.member +
                              " has data: start it as it is (etcd ignores "
                              "initial-cluster-state when data exists) and it rejoins its cluster");
  }
  switch (f.membership) {
    case Membership::listed_started:
      return start_as_is(f, f.member +
                                " has data and is a started member of the healthy "
                                "cluster: start it as it is");
    case Membership::not_listed:
      return replace(f, false,
                     f.member +
                         " has data but is no longer in the member list "
                         "(it was removed): its data is stale; wipe it, member add, "
                         "start with initial-cluster-state=existing");
    case Membership::listed_unstarted:
      break;
  }
  return replace(f, true,
                 f.member +
                     " has data but is listed as unstarted: the data is "
                     "not from this membership; member remove, wipe, member add, start "
                     "with initial-cluster-state=existing");
}

// The cluster this lab is known to have: the one klab recorded, else the one observed.
std::optional<std::string> known_cluster(const MemberFacts& f) {
  if (f.recorded_cluster_id) return f.recorded_cluster_id;
  if (f.observed_cluster_id) return f.observed_cluster_id;
  if (!f.observed_clusters.empty()) return f.observed_clusters.begin()->first;
  return std::nullopt;
}

// The other masters that have data (a cluster may have formed among them).
std::set<std::string> others_with_data(const MemberFacts& f) {
  std::set<std::string> out = f.members_with_data;
  out.erase(f.member);
  return out;
}

EtcdDecision refuse_others_have_data(const MemberFacts& f, const std::set<std::string>& others) {
  const std::string them = base::join(others, ", ");
  return refuse("refusing to bootstrap etcd on " + f.member + ": it has no data, but " + them +
                (others.size() == 1 ? " has" : " have") +
                " data, no member answers and klab recorded no cluster ID. A cluster may have "
                "formed there (a deploy killed after the first start, before it recorded the "
                "ID): starting " +
                f.member +
                " with `new` would bootstrap a second cluster next to it, or rejoin it with an "
                "empty log. Safe procedure: start etcd on " +
                them +
                " (`klab ssh HOST -- systemctl start --no-block etcd`); once `klab etcdctl -- "
                "endpoint health --cluster` shows a quorum, re-run `klab deploy`: it records the "
                "cluster ID and adds " +
                f.member +
                " through the quorum. If no quorum ever forms, the bootstrap was interrupted "
                "before the cluster formed and nothing was ever written: stop etcd on " +
                them + ", move the data dir aside and re-run `klab deploy` to bootstrap again.");
}

EtcdDecision decide_without_data(const MemberFacts& f) {
  const std::optional<std::string> known = known_cluster(f);
  const std::string cluster = known ? "cluster " + *known : "the cluster";
  switch (f.cluster) {
    case ClusterView::healthy:
      if (f.membership == Membership::not_listed) return join(f, true);
      if (f.membership == Membership::listed_unstarted) return join(f, false);
      return replace(f, true,
                     f.member +
                         " lost its data but the cluster still lists it as "
                         "started (the rejoin trap): member remove, member add, start "
                         "with initial-cluster-state=existing; starting it with `new` "
                         "would fail or bootstrap a second cluster");
    case ClusterView::unreachable:
      if (known) {
        const std::string whose = f.recorded_cluster_id ? "klab bootstrapped " : "the masters reported ";
        return refuse("refusing to bootstrap etcd on " + f.member + ": " + whose + cluster +
                      " in this lab, but " + f.member +
                      " has no data and no other member answers. Starting it with `new` "
                      "would create a new, empty cluster (data loss); with `existing` it "
                      "fails with \"cannot fetch cluster info from peer urls\"." +
                      restore_procedure());
      }
      if (const std::set<std::string> others = others_with_data(f); !others.empty())
        return refuse_others_have_data(f, others);
      return bootstrap(f,
                       "no master has data, no member answers and klab never recorded a "
                       "cluster: bootstrap with initial-cluster-state=new");
    case ClusterView::no_quorum:
      // A member list answers only from a member that was ready, i.e. a cluster that formed.
      return refuse("refusing to start etcd on " + f.member + ": it has no data and " + cluster +
                    " has no quorum, so it cannot be member-added "
                    "(a member is only added through a quorum), and bootstrapping with "
                    "`new` would split the cluster." +
                    restore_procedure());
  }
  return refuse("klab bug: unhandled cluster view for " + f.member);
}

EtcdDecision refuse_two_clusters(const MemberFacts& f) {
  std::string which;
  for (const auto& [id, members] : f.observed_clusters)
    which += (which.empty() ? "" : "; ") + std::string("cluster ") + id + ": " +
             (members.empty() ? std::string("(no member named)") : base::join(members, ", "));
  const std::string keep =
      f.recorded_cluster_id
          ? "klab bootstrapped cluster " + *f.recorded_cluster_id + ": keep it"
          : "klab recorded no cluster ID: keep the cluster whose data you need (compare "
            "revisions with `klab etcdctl -- endpoint status --cluster -w table`)";
  return refuse("refusing to touch etcd on " + f.member + ": the masters belong to " +
                std::to_string(f.observed_clusters.size()) + " different etcd clusters (" + which +
                ") — a second cluster exists (typically a member that lost its data was "
                "started with initial-cluster-state=new). Safe procedure: " +
                keep +
                "; stop etcd on the members of the other cluster, move their data dirs "
                "aside, and re-run `klab deploy` so they rejoin with member add. Never "
                "re-bootstrap: that loses the data.");
}

// The first observed cluster ID that is not the recorded one.
std::optional<std::string> mismatching_cluster(const MemberFacts& f) {
  if (!f.recorded_cluster_id) return std::nullopt;
  if (f.observed_cluster_id && *f.observed_cluster_id != *f.recorded_cluster_id) return f.observed_cluster_id;
  for (const auto& [id, members] : f.observed_clusters)
    if (id != *f.recorded_cluster_id) return id;
  return std::nullopt;
}

}  // namespace

std::string to_string(InitialClusterState state) {
  return state == InitialClusterState::new_cluster ? "new" : "existing";
}

std::string to_string(EtcdAction action) {
  switch (action) {
    case EtcdAction::bootstrap_new:
      return "bootstrap-new";
    case EtcdAction::start_as_is:
      return "start-as-is";
    case EtcdAction::join_existing:
      return "join-existing";
    case EtcdAction::replace_member:
      return "replace-member";
    case EtcdAction::refuse:
      return "refuse";
  }
  return "unknown";
}

EtcdDecision decide_cluster_action(const MemberFacts& f) {
  if (f.observed_clusters.size() > 1) return refuse_two_clusters(f);
  if (const std::optional<std::string> observed = mismatching_cluster(f)) {
    return refuse(
        "refusing to touch etcd on " + f.member +
        ": the reachable members report "
        "cluster ID " +
        *observed + " but klab bootstrapped cluster " + *f.recorded_cluster_id +
        " — a second cluster exists (typically a member "
        "that lost its data was started with initial-cluster-state=new). Safe "
        "procedure: `klab etcdctl -- endpoint status --cluster -w table` shows which "
        "members belong to which cluster; stop the members of cluster " +
        *observed +
        ", move their data dirs aside, and re-run `klab "
        "deploy` so they rejoin cluster " +
        *f.recorded_cluster_id + " with member add. Never re-bootstrap: that loses the data of " +
        *f.recorded_cluster_id + ".");
  }
  return f.has_data ? decide_with_data(f) : decide_without_data(f);
}

const EtcdDecision& must_proceed(const EtcdDecision& decision) {
  if (decision.action == EtcdAction::refuse) throw infra_error(decision.reason);
  return decision;
}

}  // namespace klab::provisioner
