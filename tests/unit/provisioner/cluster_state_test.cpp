// The etcd cluster-state decision table, one row per test case: facts in, action out.
// Every row of the table in docs/templates.md is here.
#include "provisioner/etcd/cluster_state.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>

#include "base/error.hpp"

namespace klab::provisioner {
namespace {

using A = EtcdAction;
using C = ClusterView;
using M = Membership;
using S = InitialClusterState;

using Names = std::set<std::string>;
using Clusters = std::map<std::string, Names>;

struct Row {
  const char* name;
  bool has_data;
  C cluster;
  M membership;
  std::optional<std::string> recorded;
  std::optional<std::string> observed;
  Clusters clusters;  // every cluster ID reported, with its members
  Names with_data;    // every master with data
  // expected
  A action;
  bool remove;
  bool wipe;
  bool add;
  S state;
  bool record;
  const char* reason_mentions;
};

const std::optional<std::string> none;
const std::string id = "cdf818194e3a8c32";
const std::string other = "8e9e05c52164694d";
const Names self = {"kube-master2"};
const Names all = {"kube-master1", "kube-master2", "kube-master3"};
const Names others = {"kube-master1", "kube-master3"};
const Clusters one = {{id, all}};
const Clusters two = {{id, {"kube-master1", "kube-master2"}}, {other, {"kube-master3"}}};

// clang-format off
const Row kRows[] = {
    // name                        data   cluster         membership           recorded observed clusters with_data
    {"fresh_lab_bootstraps",        false, C::unreachable, M::not_listed,       none, none,  {},  {},
     A::bootstrap_new, false, false, false, S::new_cluster, true, "no master has data"},
    {"restart_with_data_alone",     true,  C::unreachable, M::not_listed,       id,   none,  {},  self,
     A::start_as_is, false, false, false, S::existing, false, "ignores"},
    {"restart_with_data_no_quorum", true,  C::no_quorum,   M::not_listed,       id,   id,    one, all,
     A::start_as_is, false, false, false, S::existing, false, "ignores"},
    {"restart_with_data_unrecorded", true, C::unreachable, M::not_listed,       none, none,  {},  all,
     A::start_as_is, false, false, false, S::existing, true, "ignores"},
    {"running_member_rejoins",      true,  C::healthy,     M::listed_started,   id,   id,    one, all,
     A::start_as_is, false, false, false, S::existing, false, "started member"},
    {"removed_member_stale_data",   true,  C::healthy,     M::not_listed,       id,   id,    one, all,
     A::replace_member, false, true, true, S::existing, false, "removed"},
    {"unstarted_member_with_data",  true,  C::healthy,     M::listed_unstarted, id,   id,    one, all,
     A::replace_member, true, true, true, S::existing, false, "unstarted"},
    {"new_member_joins",            false, C::healthy,     M::not_listed,       id,   id,    one, others,
     A::join_existing, false, false, true, S::existing, false, "member add"},
    {"added_member_starts",         false, C::healthy,     M::listed_unstarted, id,   id,    one, others,
     A::join_existing, false, false, false, S::existing, false, "already member-added"},
    {"lost_data_rejoin_trap",       false, C::healthy,     M::listed_started,   id,   id,    one, others,
     A::replace_member, true, true, true, S::existing, false, "rejoin trap"},
    {"join_records_unknown_id",     false, C::healthy,     M::not_listed,       none, id,    one, others,
     A::join_existing, false, false, true, S::existing, true, "member add"},
    {"lost_data_unrecorded_replaced", false, C::healthy,   M::listed_started,   none, id,    one, others,
     A::replace_member, true, true, true, S::existing, true, "rejoin trap"},
    {"lost_cluster_refused",        false, C::unreachable, M::not_listed,       id,   none,  {},  {},
     A::refuse, false, false, false, S::existing, false, "would create a new, empty cluster"},
    {"no_quorum_without_data_refused", false, C::no_quorum, M::not_listed,      id,   id,    one, others,
     A::refuse, false, false, false, S::existing, false, "no quorum"},
    // A member list answers only once a cluster formed: no interrupted bootstrap is
    // completed with `new` next to it.
    {"no_quorum_unrecorded_refused", false, C::no_quorum,  M::listed_unstarted, none, id,    one, others,
     A::refuse, false, false, false, S::existing, false, "no quorum"},
    // The crash window: a cluster formed, klab died before recording its ID, this member
    // lost its data and nobody answers.
    {"others_have_data_refused",    false, C::unreachable, M::not_listed,       none, none,  {},  others,
     A::refuse, false, false, false, S::existing, false, "kube-master1, kube-master3 have data"},
    {"observed_id_unreachable_refused", false, C::unreachable, M::not_listed,   none, none,  one, {},
     A::refuse, false, false, false, S::existing, false, "the masters reported cluster " "cdf818194e3a8c32"},
    {"second_cluster_refused",      true,  C::healthy,     M::listed_started,   id,   other, {},  all,
     A::refuse, false, false, false, S::existing, false, "a second cluster exists"},
    {"second_cluster_refused_empty", false, C::healthy,    M::not_listed,       id,   other, {},  others,
     A::refuse, false, false, false, S::existing, false, "Never re-bootstrap"},
    {"member_in_other_cluster_refused", true, C::unreachable, M::not_listed,    id,   none,  {{other, {"kube-master1"}}}, all,
     A::refuse, false, false, false, S::existing, false, "report cluster ID 8e9e05c52164694d"},
    {"two_clusters_refused",        true,  C::healthy,     M::listed_started,   id,   id,    two, all,
     A::refuse, false, false, false, S::existing, false, "cluster 8e9e05c52164694d: kube-master3"},
    {"two_clusters_refused_unrecorded", false, C::healthy, M::not_listed,       none, id,    two, others,
     A::refuse, false, false, false, S::existing, false, "klab recorded no cluster ID"},
};
// clang-format on

void PrintTo(const Row& r, std::ostream* os) { *os << r.name; }

MemberFacts facts_of(const Row& r) {
  MemberFacts f;
  f.member = "kube-master2";
  f.has_data = r.has_data;
  f.cluster = r.cluster;
  f.membership = r.membership;
  f.recorded_cluster_id = r.recorded;
  f.observed_cluster_id = r.observed;
  f.observed_clusters = r.clusters;
  f.members_with_data = r.with_data;
  return f;
}

class ClusterStateTable : public ::testing::TestWithParam<Row> {};

TEST_P(ClusterStateTable, DecidesTheRowsAction) {
  const Row& r = GetParam();
  const EtcdDecision d = decide_cluster_action(facts_of(r));
  EXPECT_EQ(to_string(d.action), to_string(r.action));
  EXPECT_EQ(d.member_remove, r.remove);
  EXPECT_EQ(d.wipe_data, r.wipe);
  EXPECT_EQ(d.member_add, r.add);
  EXPECT_EQ(d.record_cluster_id, r.record);
  if (r.action != A::refuse) {
    EXPECT_EQ(to_string(d.state), to_string(r.state));
  }
  EXPECT_NE(d.reason.find(r.reason_mentions), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("kube-master2"), std::string::npos) << "names the member: " << d.reason;
}

INSTANTIATE_TEST_SUITE_P(EveryRow, ClusterStateTable, ::testing::ValuesIn(kRows),
                         [](const ::testing::TestParamInfo<Row>& info) { return info.param.name; });

MemberFacts facts(bool data, C c, M m, std::optional<std::string> rec, std::optional<std::string> obs,
                  Clusters clusters = {}, Names with_data = {}) {
  MemberFacts f;
  f.member = "kube-master2";
  f.has_data = data;
  f.cluster = c;
  f.membership = m;
  f.recorded_cluster_id = std::move(rec);
  f.observed_cluster_id = std::move(obs);
  f.observed_clusters = std::move(clusters);
  f.members_with_data = std::move(with_data);
  return f;
}

TEST(ClusterState, NewOnlyWithoutDataAnywhereAndWithoutAnyClusterId) {
  int bootstraps = 0;
  for (bool data : {false, true}) {
    for (C c : {C::unreachable, C::no_quorum, C::healthy}) {
      for (M m : {M::not_listed, M::listed_unstarted, M::listed_started}) {
        for (const auto& rec : {none, std::optional<std::string>(id)}) {
          for (const auto& obs : {none, std::optional<std::string>(id), std::optional<std::string>(other)}) {
            for (const Clusters& clusters : {Clusters{}, Clusters{{id, {}}}, Clusters{{other, {}}}, two}) {
              for (const Names& elsewhere : {Names{}, Names{"kube-master1"}}) {
                Names with_data = elsewhere;
                if (data) with_data.insert("kube-master2");
                const EtcdDecision d = decide_cluster_action(facts(data, c, m, rec, obs, clusters, with_data));
                if (clusters.size() > 1) {
                  EXPECT_EQ(d.action, A::refuse) << "two clusters are always refused";
                }
                if (d.action == A::refuse) {
                  EXPECT_FALSE(d.reason.empty());
                  continue;
                }
                EXPECT_EQ(d.action == A::bootstrap_new, d.state == S::new_cluster);
                if (d.state == S::new_cluster) {
                  ++bootstraps;
                  EXPECT_TRUE(with_data.empty()) << "a member has data: a cluster may have formed";
                  EXPECT_FALSE(rec.has_value()) << "re-bootstrapping a recorded cluster loses data";
                  EXPECT_FALSE(obs.has_value());
                  EXPECT_TRUE(clusters.empty()) << "a member reports a cluster";
                  EXPECT_EQ(c, C::unreachable);
                }
                if (d.wipe_data) {
                  EXPECT_EQ(c, C::healthy) << "wipe only with a healthy quorum";
                }
              }
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(bootstraps, 3) << "exactly the fresh lab, whatever its (meaningless) membership";
}

TEST(ClusterState, TwoClustersNameWhichMemberIsInWhichAndTheProcedure) {
  const EtcdDecision d =
      decide_cluster_action(facts(true, C::healthy, M::listed_started, id, id, two, all));
  ASSERT_EQ(d.action, A::refuse);
  EXPECT_NE(d.reason.find("2 different etcd clusters"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("cluster cdf818194e3a8c32: kube-master1, kube-master2"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("cluster 8e9e05c52164694d: kube-master3"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("Safe procedure: klab bootstrapped cluster cdf818194e3a8c32: keep it"), std::string::npos)
      << d.reason;
}

TEST(ClusterState, RefusalThrowsAnInfrastructureErrorWithTheSafeProcedure) {
  const EtcdDecision d = decide_cluster_action(facts(false, C::unreachable, M::not_listed, id, none));
  try {
    must_proceed(d);
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_NE(std::string(e.what()).find("Safe procedure"), std::string::npos) << e.what();
  }
  const EtcdDecision ok = decide_cluster_action(facts(true, C::unreachable, M::not_listed, id, none, {}, self));
  EXPECT_EQ(&must_proceed(ok), &ok);
}

}  // namespace
}  // namespace klab::provisioner
