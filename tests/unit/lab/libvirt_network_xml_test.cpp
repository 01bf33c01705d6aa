#include <gtest/gtest.h>

#include "fixtures/libvirt/sample_plan.hpp"
#include "fixtures/libvirt/schema.hpp"
#include "lab/libvirt/network_xml.hpp"
#include "lab/libvirt/ownership.hpp"
#include "lab/libvirt/xml_readers.hpp"

namespace klab::lab::libvirt {
namespace {

using klab::testing::read_golden;
using klab::testing::sample_plan;

TEST(NetworkXml, NatLabMatchesGolden) {
  std::string xml = render_network(sample_plan(), "0.1.0", {});
  EXPECT_EQ(xml, read_golden("network-nat.xml", xml));
}

TEST(NetworkXml, IsolatedLabWithoutVipMatchesGolden) {
  Plan plan = sample_plan("solo", "qemu:///system", "10.77.0.0/24");
  plan.network.mode = NetworkMode::isolated;
  plan.network.vip.reset();
  plan.network.vip_fqdn.clear();
  plan.hosts.resize(1);
  std::string xml = render_network(plan, "0.1.0", {});
  EXPECT_EQ(xml, read_golden("network-isolated.xml", xml));
  EXPECT_EQ(xml.find("<forward"), std::string::npos);
  EXPECT_EQ(xml.find(">vip<"), std::string::npos);
}

TEST(NetworkXml, ValidatesAgainstLibvirtSchema) {
  auto r = klab::testing::validate_libvirt_xml(render_network(sample_plan(), "0.1.0", {}), "network");
  if (!r.available) GTEST_SKIP() << "SKIPPED: virt-xml-validate is not installed";
  EXPECT_TRUE(r.valid) << r.output;
}

TEST(NetworkXml, CarriesOwnershipAndDeclaredSubnet) {
  std::string xml = render_network(sample_plan("lab7"), "9.9.9", {});
  std::optional<Owner> owner = owner_from_xml(xml);
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->lab, "lab7");
  EXPECT_EQ(owner->version, "9.9.9");
  EXPECT_EQ(owner->spec.size(), 64u);
  std::vector<Cidr> subnets = network_subnets(xml);
  ASSERT_EQ(subnets.size(), 1u);
  EXPECT_EQ(subnets[0].str(), "192.168.49.0/24");
}

TEST(NetworkXml, SpecHashFollowsThePlan) {
  Plan plan = sample_plan();
  std::string a = owner_from_xml(render_network(plan, "0.1.0", {}))->spec;
  EXPECT_EQ(a, owner_from_xml(render_network(plan, "0.1.0", {}))->spec);
  plan.hosts[2].mac = "52:54:00:aa:bb:cc";
  EXPECT_NE(a, owner_from_xml(render_network(plan, "0.1.0", {}))->spec);
}

TEST(NetworkXml, DynamicRangeAvoidsGatewayHostsAndVip) {
  std::optional<Ipv4Range> r = dynamic_range(sample_plan());
  ASSERT_TRUE(r);
  // .1 gateway, .150-.153 hosts, .160 VIP: the longest free run is .2-.149.
  EXPECT_EQ(r->first.str(), "192.168.49.2");
  EXPECT_EQ(r->last.str(), "192.168.49.149");
}

TEST(NetworkXml, DynamicRangePicksLongestRunAroundReservations) {
  Plan plan = sample_plan();
  // The LB moves from .150 to .20: free runs .2-.19 and .21-.150; the longer wins.
  plan.hosts[0].ip = *parse_ipv4("192.168.49.20");
  std::optional<Ipv4Range> r = dynamic_range(plan);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first.str(), "192.168.49.21");
  EXPECT_EQ(r->last.str(), "192.168.49.150");
}

TEST(NetworkXml, NoDynamicRangeWhenEveryAddressIsTaken) {
  Plan plan = sample_plan("tiny", "qemu:///system", "10.0.0.0/30");  // usable .1 .2
  plan.network.gateway = *parse_ipv4("10.0.0.1");
  plan.network.vip.reset();
  plan.hosts.resize(1);
  plan.hosts[0].ip = *parse_ipv4("10.0.0.2");
  EXPECT_FALSE(dynamic_range(plan));
  EXPECT_EQ(render_network(plan, "0", {}).find("<range"), std::string::npos);
}

}  // namespace
}  // namespace klab::lab::libvirt
