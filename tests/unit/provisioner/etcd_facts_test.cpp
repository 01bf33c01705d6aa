// From the masters' probes to MemberFacts: every probe counts (each member's own cluster
// ID, every member with data), not just the first member list read.
#include "provisioner/deploy/etcd_facts.hpp"

#include <gtest/gtest.h>

#include "fixtures/render/default_lab.hpp"

namespace klab::provisioner {
namespace {

// Captured from etcd 3.4.23 (Debian bookworm), a healthy 3-member cluster, m2 answering.
const char* kStatus =
    R"([{"Endpoint":"http://127.0.0.1:23792","Status":{"header":{"cluster_id":11652804786072892431,)"
    R"("member_id":7977665246368977040,"revision":1,"raft_term":897},"version":"3.4.23","dbSize":20480,)"
    R"("leader":15577269334052691666,"raftIndex":13,"raftTerm":897,"raftAppliedIndex":13,"dbSizeInUse":16384}}])";
const std::string kA = "a1b71436b6d8b40f";
const std::string kB = "8e9e05c52164694d";

etcd::MemberList list_of(const std::string& cluster_id, std::uint64_t answered_by) {
  etcd::MemberList l;
  l.cluster_id = std::stoull(cluster_id, nullptr, 16);
  l.answered_by = answered_by;
  l.members = {{1, "kube-master1", {"https://192.168.49.151:2380"}, {}},
               {2, "kube-master2", {"https://192.168.49.152:2380"}, {}},
               {3, "kube-master3", {"https://192.168.49.153:2380"}, {}}};
  return l;
}

MasterProbe probe(const std::string& host, bool data) {
  MasterProbe p;
  p.host = host;
  p.has_data = data;
  return p;
}

etcd::EndpointStatus status_in(const std::string& cluster_id) {
  etcd::EndpointStatus s;
  s.cluster_id = cluster_id;
  return s;
}

TEST(EtcdFacts, TheProbeAsksTheOwnMembersStatusOnlyWhenItRuns) {
  const lab::Plan plan = testing::default_plan();
  const HostScript s = etcd_probe_script(plan, default_settings(plan));
  const std::string text = s.text();
  const auto at = text.find("klab-fact:status");
  ASSERT_NE(at, std::string::npos) << text;
  const std::size_t start = text.rfind('\n', at) + 1;  // npos + 1: the first line
  const std::string line = text.substr(start, at - start);
  EXPECT_NE(line.find("systemctl is-active -q etcd && "), std::string::npos) << line;
  EXPECT_NE(line.find("'--endpoints=https://127.0.0.1:2379'"), std::string::npos) << line;
  EXPECT_NE(line.find("'endpoint' 'status' '-w' 'json'"), std::string::npos) << line;

  ScriptResult r;
  r.facts["status"] = kStatus;
  r.facts["has_data"] = "yes";
  const MasterProbe p = parse_master_probe("kube-master2", r);
  ASSERT_TRUE(p.status);
  EXPECT_EQ(p.status->cluster_id, "a1b71436b6d8b40f");
}

TEST(EtcdFacts, ObserveClusterKeepsEveryMembersClusterIdAndEveryMemberWithData) {
  MasterProbe m1 = probe("kube-master1", true);
  m1.members = list_of(kA, 1);  // answered by kube-master1
  m1.status = status_in(kA);
  m1.health["https://192.168.49.151:2379"] = true;
  MasterProbe m2 = probe("kube-master2", false);
  m2.members = list_of(kA, 1);
  MasterProbe m3 = probe("kube-master3", true);
  m3.status = status_in(kB);  // its own member is in another cluster
  const ClusterObservation c = observe_cluster({m1, m2, m3});
  EXPECT_EQ(c.view, ClusterView::healthy);
  ASSERT_TRUE(c.members);
  EXPECT_EQ(c.members->cluster_id_hex(), kA);
  EXPECT_EQ(c.clusters, (std::map<std::string, std::set<std::string>>{{kA, {"kube-master1"}}, {kB, {"kube-master3"}}}));
  EXPECT_EQ(c.with_data, (std::set<std::string>{"kube-master1", "kube-master3"}));
  EXPECT_FALSE(c.single_cluster_id()) << "two clusters: none is the cluster";

  // Every member's facts carry both, so every member's decision refuses.
  const lab::Plan plan = testing::default_plan();
  const Settings settings = default_settings(plan);
  const MasterProbe* probes[] = {&m1, &m2, &m3};
  for (const MasterProbe* p : probes) {
    const MemberFacts f = member_facts(*p, c, *plan.find_host(p->host), settings.etcd, kA);
    EXPECT_EQ(f.observed_clusters.size(), 2u) << p->host;
    EXPECT_EQ(f.members_with_data.size(), 2u) << p->host;
    const EtcdDecision d = decide_cluster_action(f);
    EXPECT_EQ(d.action, EtcdAction::refuse) << p->host << ": " << d.reason;
    EXPECT_NE(d.reason.find("cluster " + kB + ": kube-master3"), std::string::npos) << d.reason;
  }
}

TEST(EtcdFacts, AMemberListFromALaterProbeCountsToo) {
  MasterProbe m1 = probe("kube-master1", true);
  m1.members = list_of(kA, 1);
  MasterProbe m3 = probe("kube-master3", true);
  m3.members = list_of(kB, 3);  // a second cluster, seen only through kube-master3's list
  const ClusterObservation c = observe_cluster({m1, m3});
  EXPECT_EQ(c.clusters.size(), 2u);
  EXPECT_EQ(c.clusters.at(kB), std::set<std::string>{"kube-master3"});
}

TEST(EtcdFacts, AnUnidentifiedAnswerStillCountsItsClusterId) {
  MasterProbe m1 = probe("kube-master1", false);
  m1.members = list_of(kA, 99);  // member_id not in the list
  const ClusterObservation c = observe_cluster({m1, probe("kube-master2", false)});
  ASSERT_EQ(c.clusters.size(), 1u);
  EXPECT_TRUE(c.clusters.at(kA).empty());
  EXPECT_EQ(c.single_cluster_id(), kA);
  EXPECT_EQ(c.view, ClusterView::no_quorum);
}

TEST(EtcdFacts, NothingAnsweredIsUnreachableWithoutAnyClusterId) {
  const ClusterObservation c = observe_cluster({probe("kube-master1", true), probe("kube-master2", false)});
  EXPECT_EQ(c.view, ClusterView::unreachable);
  EXPECT_TRUE(c.clusters.empty());
  EXPECT_EQ(c.with_data, std::set<std::string>{"kube-master1"});
}

}  // namespace
}  // namespace klab::provisioner
