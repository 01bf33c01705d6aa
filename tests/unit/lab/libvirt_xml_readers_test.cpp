#include <gtest/gtest.h>

#include "base/error.hpp"
#include "lab/libvirt/xml_readers.hpp"

namespace klab::lab::libvirt {
namespace {

const char* live_domain = R"(<domain type='qemu' id='3'>
  <name>klab-ha-kube-master1</name>
  <uuid>5f0c2b8e-3c3e-4d0a-9a43-2f1d1f0c9c11</uuid>
  <devices>
    <disk type='file' device='disk'><source file='/p/a.qcow2'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='disk'><source file='/p/seed.iso'/><target dev='vdb' bus='virtio'/><readonly/></disk>
    <interface type='network'>
      <mac address='52:54:00:4B:00:51'/>
      <source network='klab-ha' bridge='klab-ha'/>
      <target dev='vnet7'/>
      <model type='virtio'/>
      <link state='up'/>
      <alias name='net0'/>
    </interface>
  </devices>
</domain>)";

TEST(XmlReaders, InterfaceDeviceByMacIgnoringCase) {
  EXPECT_EQ(interface_device(live_domain, "52:54:00:4b:00:51"), "vnet7");
  EXPECT_FALSE(interface_device(live_domain, "52:54:00:4b:00:99"));
}

TEST(XmlReaders, InterfaceWithLinkDownKeepsTheRestOfTheDevice) {
  std::optional<std::string> nic = interface_with_link(live_domain, "52:54:00:4b:00:51", false);
  ASSERT_TRUE(nic);
  EXPECT_NE(nic->find("<link state=\"down\""), std::string::npos) << *nic;
  EXPECT_EQ(nic->find("state=\"up\""), std::string::npos) << *nic;
  EXPECT_NE(nic->find("<alias name=\"net0\""), std::string::npos) << *nic;
  EXPECT_EQ(nic->rfind("<interface", 0), 0u) << *nic;
  EXPECT_FALSE(interface_with_link(live_domain, "52:54:00:00:00:00", true));
}

TEST(XmlReaders, LinkStateIsReadFromTheInterfaceWithTheMac) {
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

TEST(XmlReaders, InterfaceLinkStateIsUpUnlessSetDown) {
  EXPECT_EQ(interface_link_up(live_domain, "52:54:00:4b:00:51"), true);
  const std::string down = std::string("<domain><devices>") +
                           *interface_with_link(live_domain, "52:54:00:4b:00:51", false) + "</devices></domain>";
  EXPECT_EQ(interface_link_up(down, "52:54:00:4B:00:51"), false);
  EXPECT_EQ(interface_link_up(R"(<domain><devices><interface type='network'><mac address='52:54:00:00:00:01'/>
      </interface></devices></domain>)", "52:54:00:00:00:01"), true);  // no <link>: up
  EXPECT_EQ(interface_link_up(live_domain, "52:54:00:4b:00:99"), std::nullopt);
}

TEST(XmlReaders, InterfaceWithLinkAddsAMissingLinkElement) {
  const char* xml =
      R"(<domain><devices><interface type='network'><mac address='52:54:00:00:00:01'/></interface></devices></domain>)";
  std::optional<std::string> nic = interface_with_link(xml, "52:54:00:00:00:01", true);
  ASSERT_TRUE(nic);
  EXPECT_NE(nic->find("<link state=\"up\""), std::string::npos) << *nic;
}

TEST(XmlReaders, SnapshotDisksExcludeReadOnly) {
  std::vector<SnapshotDisk> disks = snapshot_disks(live_domain);
  ASSERT_EQ(disks.size(), 2u);
  EXPECT_TRUE(disks[0].include);
  EXPECT_FALSE(disks[1].include);
}

TEST(XmlReaders, NetworkSubnetsFromNetmaskAndPrefix) {
  std::vector<Cidr> s = network_subnets(R"(<network><name>n</name>
      <ip address='192.168.122.1' netmask='255.255.255.0'/>
      <ip address='10.1.2.3' prefix='16'/>
      <ip family='ipv6' address='fd00::1' prefix='64'/></network>)");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].str(), "192.168.122.0/24");
  EXPECT_EQ(s[1].str(), "10.1.0.0/16");
  EXPECT_TRUE(network_subnets("<network><name>n</name></network>").empty());
}

TEST(XmlReaders, WithUuidInsertsAfterNameAndReplacesAnOldOne) {
  std::string xml =
      with_uuid("<network><name>n</name><uuid>old</uuid><bridge/></network>", "new-uuid");
  EXPECT_EQ(xml_uuid(xml), "new-uuid");
  EXPECT_NE(xml.find("<name>n</name>\n  <uuid>new-uuid</uuid>"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("old"), std::string::npos);
}

TEST(XmlReaders, BadXmlIsAnInfrastructureError) {
  try {
    network_subnets("<network");
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_NE(std::string(e.what()).find("cannot parse the XML of a libvirt network"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace klab::lab::libvirt
