// ensure_network / check_subnet_free / remove against libvirt's test driver.
#include "lab/libvirt/network.hpp"
#include "lab/libvirt/ownership.hpp"
#include "lab/libvirt/xml_readers.hpp"
#include "libvirt_fixture.hpp"

namespace klab::testing {
namespace {

using lab::Ensured;
using namespace lab::libvirt;

TEST_F(LibvirtTest, NetworkIsCreatedStartedOwnedAndThenLeftAlone) {
  lab::Plan p = plan("net1");
  EXPECT_EQ(provider_->ensure_network(p), Ensured::created);
  Network net = conn().try_network("klab-net1");
  ASSERT_TRUE(net);
  EXPECT_EQ(virNetworkIsActive(net.get()), 1);
  std::optional<Owner> owner = owner_from_xml(network_xml(net.get()));
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->lab, "net1");
  EXPECT_NE(network_xml(net.get()).find("<hostname>vip.example.com</hostname>"), std::string::npos);
  EXPECT_EQ(provider_->ensure_network(p), Ensured::unchanged);
}

TEST_F(LibvirtTest, StoppedNetworkIsRestarted) {
  lab::Plan p = plan("net2");
  provider_->ensure_network(p);
  Network net = conn().try_network("klab-net2");
  ASSERT_EQ(virNetworkDestroy(net.get()), 0);
  EXPECT_EQ(provider_->ensure_network(p), Ensured::unchanged);
  EXPECT_EQ(virNetworkIsActive(net.get()), 1);
}

TEST_F(LibvirtTest, ChangedPlanRedefinesTheNetworkKeepingItsUuid) {
  lab::Plan p = plan("net3");
  provider_->ensure_network(p);
  std::string uuid_before = xml_uuid(network_xml(conn().try_network("klab-net3").get()));
  p.hosts[1].mac = "52:54:00:aa:bb:cc";
  EXPECT_EQ(provider_->ensure_network(p), Ensured::updated);
  std::string xml = network_xml(conn().try_network("klab-net3").get());
  EXPECT_NE(xml.find("52:54:00:aa:bb:cc"), std::string::npos);
  EXPECT_EQ(xml_uuid(xml), uuid_before);
}

TEST_F(LibvirtTest, ChangedPlanWhileHostsRunIsReportedNotApplied) {
  lab::Plan p = plan("net4");
  build_lab(p);
  provider_->start(p.hosts[0]);
  p.hosts[1].mac = "52:54:00:aa:bb:cc";
  EXPECT_EQ(provider_->ensure_network(p), Ensured::out_of_date);
  EXPECT_EQ(network_xml(conn().try_network("klab-net4").get()).find("52:54:00:aa:bb:cc"),
            std::string::npos);
}

TEST_F(LibvirtTest, SubnetOverlappingAnotherNetworkIsRefusedNamingIt) {
  // The test driver ships a network "default" on 192.168.122.0/24.
  lab::Plan p = plan("net5", "192.168.122.0/24");
  expect_error([&] { provider_->ensure_network(p); },
               "overlaps libvirt network default (192.168.122.0/24)");
  EXPECT_FALSE(conn().try_network("klab-net5"));
}

TEST_F(LibvirtTest, SubnetOverlappingAHostRouteIsRefusedNamingIt) {
  lab::Plan p = plan("net6", "10.20.0.0/16");
  std::vector<Route> routes{{"eth0", *lab::parse_cidr("0.0.0.0/0")},
                            {"klab-net6", *lab::parse_cidr("10.20.0.0/16")},
                            {"wg0", *lab::parse_cidr("10.20.30.0/24")}};
  expect_error([&] { check_subnet_free(conn(), p, routes); },
               "overlaps the route 10.20.30.0/24 via wg0");
  routes.pop_back();  // the default route and the lab's own bridge do not count
  EXPECT_NO_THROW(check_subnet_free(conn(), p, routes));
}

TEST_F(LibvirtTest, LookAlikeNetworkIsNeitherAdoptedNorRemoved) {
  lab::Plan p = plan("net7", "10.99.0.0/24");
  std::string xml =
      "<network><name>klab-net7</name><bridge name='foreign0'/>"
      "<ip address='10.98.0.1' netmask='255.255.255.0'/></network>";
  Network foreign(virNetworkDefineXML(conn().get(), xml.c_str()));
  ASSERT_TRUE(foreign);
  expect_error([&] { provider_->ensure_network(p); }, "klab did not create it");
  lab::RemoveReport r = provider_->remove_lab(kTestUri, "net7");
  EXPECT_TRUE(r.ok());
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_TRUE(conn().try_network("klab-net7"));
}

TEST_F(LibvirtTest, UnreachableUriSaysHowToStartLibvirt) {
  expect_error([] { Connection::open("qemu+unix:///system?socket=/nonexistent/klab.sock"); },
               "libvirt is not reachable at qemu+unix:///system?socket=/nonexistent/klab.sock: "
               "start libvirtd (no systemd here: scripts/lab-env start) or pass --uri");
}

}  // namespace
}  // namespace klab::testing
