// Target roles resolve against the observed cluster; equal candidates are picked by the
// seed, reproducibly; unresolvable roles say why.
#include <gtest/gtest.h>

#include <set>

#include "fakes.hpp"
#include "scenarios/role_resolution.hpp"
#include "scenarios/scenario_words.hpp"

namespace klab::scenarios {
namespace {

using testing::FakeClusterView;
using testing::FakeLab;
using testing::make_plan;

class RoleResolution : public ::testing::Test {
 protected:
  lab::Plan plan = make_plan();
  FakeClusterView view = FakeClusterView::healthy();
  FakeLab lab{view, plan};
  ClusterFacts facts() { return gather_facts(plan, view, lab); }
  Resolution resolve(const std::string& target, std::uint64_t seed = 1, int count = 1) {
    TargetSpec t = *parse_target(target);
    t.count = count;
    SeededRng rng(seed);
    return resolve_target(t, plan, facts(), rng);
  }
};

TEST_F(RoleResolution, LeaderIsTheMemberThatLeads) {
  EXPECT_EQ(resolve("etcd:leader").hosts, std::vector<std::string>{"m1"});
  view.host_down("m1");  // m2 takes over in the fake
  EXPECT_EQ(resolve("etcd:leader").hosts, std::vector<std::string>{"m2"});
}

TEST_F(RoleResolution, FollowerIsNeverTheLeaderAndTheSeedPicks) {
  std::set<std::string> seen;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    const Resolution r = resolve("etcd:follower", seed);
    ASSERT_EQ(r.hosts.size(), 1u);
    EXPECT_NE(r.hosts[0], "m1");
    seen.insert(r.hosts[0]);
    EXPECT_EQ(resolve("etcd:follower", seed).hosts, r.hosts) << "same seed, same pick";
  }
  EXPECT_EQ(seen, (std::set<std::string>{"m2", "m3"})) << "both followers get picked across seeds";
}

TEST_F(RoleResolution, UnreachableMembersAreNotFollowers) {
  view.status["m3"].reachable = false;
  EXPECT_EQ(resolve("etcd:follower").hosts, std::vector<std::string>{"m2"});
  EXPECT_FALSE(resolve("etcd:follower", 1, 2).ok());
  EXPECT_NE(resolve("etcd:follower", 1, 2).explanation.find("only 1"), std::string::npos);
}

TEST_F(RoleResolution, CountPicksDistinctHosts) {
  const Resolution r = resolve("master:any", 7, 2);
  ASSERT_EQ(r.hosts.size(), 2u);
  EXPECT_NE(r.hosts[0], r.hosts[1]);
}

TEST_F(RoleResolution, VipHolderAndBackups) {
  EXPECT_EQ(resolve("vip:holder").hosts, std::vector<std::string>{"lb"});
  const Resolution backup = resolve("lb:backup", 3);
  ASSERT_EQ(backup.hosts.size(), 1u);
  EXPECT_NE(backup.hosts[0], "lb");
  view.holders = {"lb", "m1"};
  const Resolution split = resolve("vip:holder");
  EXPECT_FALSE(split.ok());
  EXPECT_NE(split.explanation.find("2 hosts"), std::string::npos) << split.explanation;
  view.holders.clear();
  EXPECT_NE(resolve("vip:holder").explanation.find("no host holds the VIP"), std::string::npos);
}

TEST_F(RoleResolution, SilentRunningHostsAreBackupsFromTheWire) {
  // The wire watch cannot tell BACKUP from FAULT: every running non-advertiser counts.
  for (auto& [host, state] : view.vrrp)
    if (state != VrrpState::master) state = VrrpState::silent;
  std::set<std::string> seen;
  for (std::uint64_t seed = 0; seed < 30; ++seed) seen.insert(resolve("lb:backup", seed).hosts.at(0));
  EXPECT_EQ(seen, (std::set<std::string>{"m1", "m2", "m3"}));
  lab.destroy("m2");
  view.vrrp["m2"] = VrrpState::silent;  // a shut-off host is silent too, but no backup
  for (std::uint64_t seed = 0; seed < 30; ++seed) EXPECT_NE(resolve("lb:backup", seed).hosts.at(0), "m2");
}

TEST_F(RoleResolution, NamedHostAndAll) {
  EXPECT_EQ(resolve("host:m2").hosts, std::vector<std::string>{"m2"});
  const Resolution missing = resolve("host:m9");
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.explanation.find("no host 'm9'"), std::string::npos);
  EXPECT_EQ(resolve("all").hosts, (std::vector<std::string>{"lb", "m1", "m2", "m3"}));
}

TEST_F(RoleResolution, NoLeaderMeansNoLeaderAndNoFollower) {
  for (auto& [h, s] : view.status) s.leader_id = 0;
  EXPECT_FALSE(resolve("etcd:leader").ok());
  EXPECT_FALSE(resolve("etcd:follower").ok());
}

TEST(EtcdLeader, HighestTermWinsWhenTwoClaim) {
  ClusterFacts f;
  f.etcd["m1"] = {true, "", 1, 1, 1, 10, 4};
  f.etcd["m2"] = {true, "", 1, 2, 2, 10, 5};
  EXPECT_EQ(etcd_leader(f), "m2");
}

}  // namespace
}  // namespace klab::scenarios
