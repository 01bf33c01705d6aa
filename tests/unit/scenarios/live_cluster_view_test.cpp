// What LiveClusterView builds its answers from: the VRRP probe's output (captured from
// a lab guest), the live domain XML's link state, and etcd's status/member answers.
#include <gtest/gtest.h>

#include "lab/error.hpp"
#include "scenarios/live/domain_link.hpp"
#include "scenarios/live/live_cluster_view.hpp"
#include "scenarios/live/vrrp_probe.hpp"

namespace klab::scenarios {
namespace {

const std::string vip = "192.168.62.160";

// `ip -4 -o addr show` on the VIP holder, then the two marker lines.
const std::string holder_output =
    "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"
    "2: enp1s0    inet 192.168.62.150/24 brd 192.168.62.255 scope global enp1s0\\       valid_lft forever preferred_lft forever\n"
    "2: enp1s0    inet 192.168.62.160/24 scope global secondary enp1s0\\       valid_lft forever preferred_lft forever\n"
    "@@klab-keepalived active\n"
    "@@klab-state 2026-11-22T06:40:01.123Z host=kube-master type=INSTANCE name=klab_vip state=MASTER priority=150\n";

TEST(LiveVrrpProbe, HolderInMasterState) {
  const VrrpProbe p = parse_vrrp_probe(holder_output, vip);
  EXPECT_TRUE(p.holds_vip);
  EXPECT_EQ(p.state, VrrpState::master);
}

TEST(LiveVrrpProbe, BackupWithoutTheVip) {
  const std::string out =
      "2: enp1s0    inet 192.168.62.151/24 brd 192.168.62.255 scope global enp1s0\\       valid_lft forever\n"
      "@@klab-keepalived active\n"
      "@@klab-state 2026-11-22T06:40:01.123Z host=kube-master1 type=INSTANCE name=klab_vip state=BACKUP priority=120\n";
  const VrrpProbe p = parse_vrrp_probe(out, vip);
  EXPECT_FALSE(p.holds_vip);
  EXPECT_EQ(p.state, VrrpState::backup);
}

TEST(LiveVrrpProbe, AddressThatOnlyStartsLikeTheVipIsNotIt) {
  const std::string out = "2: enp1s0    inet 192.168.62.16/24 scope global enp1s0\n@@klab-keepalived active\n@@klab-state \n";
  const VrrpProbe p = parse_vrrp_probe(out, vip);
  EXPECT_FALSE(p.holds_vip);
  EXPECT_EQ(p.state, VrrpState::unknown);  // active, but nothing logged yet
}

TEST(LiveVrrpProbe, InactiveUnitIsStoppedWhateverTheLogSays) {
  const std::string out =
      "@@klab-keepalived inactive\n"
      "@@klab-state 2026-11-22T06:40:01.123Z host=kube-master type=INSTANCE name=klab_vip state=MASTER priority=150\n";
  EXPECT_EQ(parse_vrrp_probe(out, vip).state, VrrpState::stopped);
  EXPECT_EQ(parse_vrrp_probe("@@klab-keepalived failed\n@@klab-state \n", vip).state, VrrpState::stopped);
}

TEST(LiveVrrpProbe, FaultAndStopStates) {
  EXPECT_EQ(parse_vrrp_probe("@@klab-keepalived active\n@@klab-state x state=FAULT priority=150\n", vip).state,
            VrrpState::fault);
  EXPECT_EQ(parse_vrrp_probe("@@klab-keepalived active\n@@klab-state x state=STOP priority=150\n", vip).state,
            VrrpState::stopped);
}

TEST(LiveVrrpProbe, TruncatedOutputIsUnknown) {
  EXPECT_EQ(parse_vrrp_probe("2: enp1s0    inet 192.168.62.160/24\n", vip).state, VrrpState::unknown);
}

TEST(LiveVrrpProbe, CommandReadsTheStateLogQuoted) {
  const std::string c = vrrp_probe_command("/var/log/klab/keepalived-state.log");
  EXPECT_NE(c.find("ip -4 -o addr show"), std::string::npos);
  EXPECT_NE(c.find("pidof keepalived"), std::string::npos);
  EXPECT_NE(c.find("tail -n 1 '/var/log/klab/keepalived-state.log'"), std::string::npos);
}

TEST(LiveDomainLink, ReadsTheLinkStateOfTheRightInterface) {
  const std::string xml =
      "<domain><devices>"
      "<interface type='network'><mac address='52:54:00:aa:aa:aa'/><link state='down'/></interface>"
      "<interface type='network'><mac address='52:54:00:8F:C3:EB'/><target dev='vnet5'/></interface>"
      "</devices></domain>";
  EXPECT_EQ(interface_link_up(xml, "52:54:00:aa:aa:aa"), false);
  EXPECT_EQ(interface_link_up(xml, "52:54:00:8f:c3:eb"), true);  // no <link>: up; MAC case-insensitive
  EXPECT_EQ(interface_link_up(xml, "52:54:00:00:00:00"), std::nullopt);
  EXPECT_THROW(interface_link_up("<domain", "x"), Error);
}

TEST(LiveEtcdAnswers, StatusMapsHeaderAndLeader) {
  EndpointStatus s;
  s.header = ResponseHeader{0xc0ffee, 0x11, 42, 7};
  s.leader = 0x11;
  s.raft_term = 8;
  const EtcdEndpointStatus e = to_endpoint_status(s);
  EXPECT_TRUE(e.reachable);
  EXPECT_EQ(e.cluster_id, 0xc0ffeeu);
  EXPECT_EQ(e.member_id, 0x11u);
  EXPECT_EQ(e.leader_id, 0x11u);
  EXPECT_EQ(e.revision, 42);
  EXPECT_EQ(e.raft_term, 8u);
  EXPECT_TRUE(e.is_leader());
  s.leader = 0;
  s.raft_term = 0;
  EXPECT_FALSE(to_endpoint_status(s).is_leader());
  EXPECT_EQ(to_endpoint_status(s).raft_term, 7u);  // falls back to the header's term
}

TEST(LiveEtcdAnswers, MembersKeepUnstartedOnes) {
  MemberList list;
  list.members.push_back(Member{1, "kube-master1", {"https://192.168.62.151:2380"}, {"https://192.168.62.151:2379"}, false});
  list.members.push_back(Member{2, "", {"https://192.168.62.152:2380"}, {}, false});
  const auto members = to_members(list);
  ASSERT_EQ(members.size(), 2u);
  EXPECT_TRUE(members[0].started());
  EXPECT_FALSE(members[1].started());
  EXPECT_EQ(members[1].peer_urls.front(), "https://192.168.62.152:2380");
}

}  // namespace
}  // namespace klab::scenarios
