// The VRRP wire watch's parsing and bookkeeping: which frames make a host MASTER or a
// VIP holder, and for how long. Frames are built byte by byte after RFC 3768 (VRRPv2,
// keepalived's default), RFC 5798 (v3) and RFC 826 (ARP).
#include <gtest/gtest.h>

#include "scenarios/live/vrrp_frames.hpp"
#include "scenarios/live/vrrp_wire_state.hpp"
#include "vrrp_test_frames.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;
using namespace testing;

TEST(VrrpFrames, ParsesAVersion2Advertisement) {
  const auto a = parse_vrrp_advert(vrrp_frame(lb_mac, lb_ip, 150));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->source_mac, lb_mac);
  EXPECT_EQ(a->source_ip, lb_ip);
  EXPECT_EQ(a->virtual_router_id, 51);
  EXPECT_EQ(a->priority, 150);
}

TEST(VrrpFrames, ParsesVersion3AndHonoursTheIpHeaderLength) {
  EXPECT_EQ(parse_vrrp_advert(vrrp_frame(lb_mac, lb_ip, 0, 3))->priority, 0);
  const auto a = parse_vrrp_advert(vrrp_frame(lb_mac, lb_ip, 120, 2, 4));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->priority, 120);
}

TEST(VrrpFrames, RejectsOtherProtocolsVersionsAndShortFrames) {
  EXPECT_FALSE(parse_vrrp_advert(vrrp_frame(lb_mac, lb_ip, 150, 2, 0, 6)));  // TCP
  EXPECT_FALSE(parse_vrrp_advert(vrrp_frame(lb_mac, lb_ip, 150, 1)));
  Bytes cut = vrrp_frame(lb_mac, lb_ip, 150);
  cut.resize(14 + 20 + 4);
  EXPECT_FALSE(parse_vrrp_advert(cut));
  EXPECT_FALSE(parse_vrrp_advert(arp_reply(lb_mac, vip)));
  EXPECT_FALSE(parse_vrrp_advert(Bytes{}));
}

TEST(VrrpFrames, ArpRequestRoundTripsThroughTheParser) {
  const Bytes req = arp_request(lb_mac, lb_ip, vip);
  ASSERT_EQ(req.size(), 42u);
  EXPECT_EQ(Bytes(req.begin(), req.begin() + 6), Bytes(6, 0xff));  // broadcast
  const auto sender = parse_arp_sender(req);
  ASSERT_TRUE(sender);
  EXPECT_EQ(sender->mac, lb_mac);
  EXPECT_EQ(sender->ip, lb_ip);
  EXPECT_EQ(req[21], 1);  // opcode: request
  EXPECT_FALSE(parse_arp_sender(vrrp_frame(lb_mac, lb_ip, 150)));
}

TEST(VrrpFrames, MacTextBothWays) {
  EXPECT_EQ(mac_string(m1_mac), "52:54:00:0a:0b:0c");
  EXPECT_EQ(parse_mac("52:54:00:0A:0B:0C"), m1_mac);
  EXPECT_FALSE(parse_mac("52:54:00:0a:0b"));
  EXPECT_FALSE(parse_mac("52:54:00:0a:0b:0c:0d"));
  EXPECT_FALSE(parse_mac("52-54-00-0a-0b-0c"));
}

class VrrpWireStateTest : public ::testing::Test {
 protected:
  VrrpWireState make() {
    VrrpWireConfig c;
    c.host_of_mac = {{mac_string(lb_mac), "kube-master"}, {mac_string(m1_mac), "kube-master1"}};
    c.vip_hosts = {"kube-master", "kube-master1"};
    c.vip = vip;
    c.master_window = 3000ms;
    c.holder_window = 1000ms;
    return VrrpWireState(c);
  }
  VrrpWireState::TimePoint t0 = VrrpWireState::TimePoint{} + 1h;
};

TEST_F(VrrpWireStateTest, NobodyIsMasterBeforeAnyAdvertisement) {
  const auto s = make().states(t0);
  EXPECT_EQ(s.at("kube-master"), VrrpState::silent);
  EXPECT_EQ(s.at("kube-master1"), VrrpState::silent);
  EXPECT_TRUE(make().vip_holders(t0).empty());
}

TEST_F(VrrpWireStateTest, AdvertiserIsMasterUntilThreeIntervalsOfSilence) {
  VrrpWireState w = make();
  w.on_frame(vrrp_frame(lb_mac, lb_ip, 150), t0);
  EXPECT_EQ(w.states(t0 + 3000ms).at("kube-master"), VrrpState::master);
  EXPECT_EQ(w.states(t0 + 3001ms).at("kube-master"), VrrpState::silent);
  EXPECT_EQ(w.states(t0).at("kube-master1"), VrrpState::silent);
}

TEST_F(VrrpWireStateTest, PriorityZeroResignsAtOnce) {
  VrrpWireState w = make();
  w.on_frame(vrrp_frame(lb_mac, lb_ip, 150), t0);
  w.on_frame(vrrp_frame(lb_mac, lb_ip, 0), t0 + 100ms);
  EXPECT_EQ(w.states(t0 + 100ms).at("kube-master"), VrrpState::silent);
  w.on_frame(vrrp_frame(lb_mac, lb_ip, 150), t0 + 5s);  // back as MASTER later
  EXPECT_EQ(w.states(t0 + 5s).at("kube-master"), VrrpState::master);
}

TEST_F(VrrpWireStateTest, TwoAdvertisersAreTwoMasters) {
  VrrpWireState w = make();
  w.on_frame(vrrp_frame(lb_mac, lb_ip, 150), t0);
  w.on_frame(vrrp_frame(m1_mac, m1_ip, 120), t0 + 500ms);
  const auto s = w.states(t0 + 1s);
  EXPECT_EQ(s.at("kube-master"), VrrpState::master);
  EXPECT_EQ(s.at("kube-master1"), VrrpState::master);
}

TEST_F(VrrpWireStateTest, AdvertisementsFromOutsideTheVipHostsAreIgnored) {
  VrrpWireState w = make();
  const MacAddress stranger{0x52, 0x54, 0x00, 0x99, 0x99, 0x99};
  w.on_frame(vrrp_frame(stranger, *lab::parse_ipv4("192.168.49.200"), 200), t0);
  EXPECT_EQ(w.states(t0).size(), 2u);
  EXPECT_EQ(w.states(t0).count("52:54:00:99:99:99"), 0u);
}

TEST_F(VrrpWireStateTest, VipHolderFromArpWithTheVipAsSender) {
  VrrpWireState w = make();
  w.on_frame(arp_reply(lb_mac, vip), t0);
  w.on_frame(arp_reply(m1_mac, m1_ip), t0);  // its own address: not a VIP claim
  EXPECT_EQ(w.vip_holders(t0 + 1000ms), std::vector<std::string>{"kube-master"});
  EXPECT_TRUE(w.vip_holders(t0 + 1001ms).empty());
}

TEST_F(VrrpWireStateTest, SplitVipShowsBothHoldersAndStrangersByMac) {
  VrrpWireState w = make();
  w.on_frame(arp_reply(m1_mac, vip), t0);
  w.on_frame(arp_reply(lb_mac, vip), t0);
  w.on_frame(arp_reply(MacAddress{0x02, 0, 0, 0, 0, 1}, vip), t0);
  EXPECT_EQ(w.vip_holders(t0), (std::vector<std::string>{"02:00:00:00:00:01", "kube-master", "kube-master1"}));
}

}  // namespace
}  // namespace klab::scenarios
