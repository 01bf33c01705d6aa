// The etcd cluster-state decision table, one row per test case: facts in, action out.
// Every row of the table in docs/templates.md is here.
#include "provisioner/etcd/cluster_state.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "lab/error.hpp"

namespace klab::provisioner {
namespace {

using A = EtcdAction;
using C = ClusterView;
using M = Membership;
using S = InitialClusterState;

struct Row {
  const char* name;
  bool has_data;
  C cluster;
  M membership;
  std::optional<std::string> recorded;
  std::optional<std::string> observed;
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

// clang-format off
const Row kRows[] = {
    // name                        data   cluster         membership           recorded observed
    {"fresh_lab_bootstraps",        false, C::unreachable, M::not_listed,       none, none,
     A::bootstrap_new, false, false, false, S::new_cluster, true, "never bootstrapped"},
    {"interrupted_bootstrap_completes", false, C::no_quorum, M::not_listed,     none, none,
     A::bootstrap_new, false, false, false, S::new_cluster, true, "interrupted bootstrap"},
    {"restart_with_data_alone",     true,  C::unreachable, M::not_listed,       id,   none,
     A::start_as_is, false, false, false, S::existing, false, "ignores"},
    {"restart_with_data_no_quorum", true,  C::no_quorum,   M::not_listed,       id,   none,
     A::start_as_is, false, false, false, S::existing, false, "ignores"},
    {"restart_with_data_unrecorded", true, C::unreachable, M::not_listed,       none, none,
     A::start_as_is, false, false, false, S::existing, true, "ignores"},
    {"running_member_rejoins",      true,  C::healthy,     M::listed_started,   id,   id,
     A::start_as_is, false, false, false, S::existing, false, "started member"},
    {"removed_member_stale_data",   true,  C::healthy,     M::not_listed,       id,   id,
     A::replace_member, false, true, true, S::existing, false, "removed"},
    {"unstarted_member_with_data",  true,  C::healthy,     M::listed_unstarted, id,   id,
     A::replace_member, true, true, true, S::existing, false, "unstarted"},
    {"new_member_joins",            false, C::healthy,     M::not_listed,       id,   id,
     A::join_existing, false, false, true, S::existing, false, "member add"},
    {"added_member_starts",         false, C::healthy,     M::listed_unstarted, id,   id,
     A::join_existing, false, false, false, S::existing, false, "already member-added"},
    {"lost_data_rejoin_trap",       false, C::healthy,     M::listed_started,   id,   id,
     A::replace_member, true, true, true, S::existing, false, "rejoin trap"},
    {"join_records_unknown_id",     false, C::healthy,     M::not_listed,       none, id,
     A::join_existing, false, false, true, S::existing, true, "member add"},
    {"lost_cluster_refused",        false, C::unreachable, M::not_listed,       id,   none,
     A::refuse, false, false, false, S::existing, false, "would create a new, empty cluster"},
    {"no_quorum_without_data_refused", false, C::no_quorum, M::not_listed,      id,   none,
     A::refuse, false, false, false, S::existing, false, "no quorum"},
    {"second_cluster_refused",      true,  C::healthy,     M::listed_started,   id,   other,
     A::refuse, false, false, false, S::existing, false, "a second cluster exists"},
    {"second_cluster_refused_empty", false, C::healthy,    M::not_listed,       id,   other,
     A::refuse, false, false, false, S::existing, false, "Never re-bootstrap"},
};
// clang-format on

class ClusterStateTable : public ::testing::TestWithParam<Row> {};

TEST_P(ClusterStateTable, DecidesTheRowsAction) {
  const Row& r = GetParam();
  MemberFacts facts{"kube-master2", r.has_data, r.cluster, r.membership, r.recorded, r.observed};
  const EtcdDecision d = decide_cluster_action(facts);
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

TEST(ClusterState, NewIsOnlyEverDecidedForAnUnrecordedMemberWithoutData) {
  for (bool data : {false, true}) {
    for (C c : {C::unreachable, C::no_quorum, C::healthy}) {
      for (M m : {M::not_listed, M::listed_unstarted, M::listed_started}) {
        for (const auto& rec : {none, std::optional<std::string>(id)}) {
          for (const auto& obs :
               {none, std::optional<std::string>(id), std::optional<std::string>(other)}) {
            const EtcdDecision d = decide_cluster_action({"m", data, c, m, rec, obs});
            if (d.action == A::refuse) {
              EXPECT_FALSE(d.reason.empty());
              continue;
            }
            if (d.state == S::new_cluster) {
              EXPECT_FALSE(data);
              EXPECT_FALSE(rec.has_value()) << "re-bootstrapping a recorded cluster loses data";
              EXPECT_NE(c, C::healthy);
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

TEST(ClusterState, RefusalThrowsAnInfrastructureErrorWithTheSafeProcedure) {
  const EtcdDecision d =
      decide_cluster_action({"kube-master1", false, C::unreachable, M::not_listed, id, none});
  try {
    must_proceed(d);
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_NE(std::string(e.what()).find("Safe procedure"), std::string::npos) << e.what();
  }
  const EtcdDecision ok =
      decide_cluster_action({"kube-master1", true, C::unreachable, M::not_listed, id, none});
  EXPECT_EQ(&must_proceed(ok), &ok);
}

}  // namespace
}  // namespace klab::provisioner
