// Domains: definition, power control, ownership, link control against the test driver.
#include "lab/libvirt/domain.hpp"
#include "lab/libvirt/ownership.hpp"
#include "libvirt_fixture.hpp"

namespace klab::testing {
namespace {

using lab::Ensured;
using lab::HostState;
using namespace lab::libvirt;

TEST_F(LibvirtTest, DomainIsDefinedFromThePlanWithOwnershipAndTcg) {
  lab::Plan p = plan("dom1");
  build_lab(p);
  Domain dom = conn().try_domain("klab-dom1-kube-master2");
  ASSERT_TRUE(dom);
  std::string xml = domain_xml(dom.get(), VIR_DOMAIN_XML_INACTIVE);
  std::optional<Owner> owner = owner_from_xml(xml);
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->lab, "dom1");
  EXPECT_EQ(owner->host, "kube-master2");
  EXPECT_NE(xml.find("<domain type='qemu'"), std::string::npos);
  EXPECT_NE(xml.find("52:54:00:4b:00:52"), std::string::npos);
  EXPECT_NE(xml.find("/var/lib/libvirt/images/klab-dom1/klab-dom1-kube-master2.qcow2"),
            std::string::npos);
  EXPECT_NE(xml.find((state_dir_ / "dom1/console/kube-master2.log").string()), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_directory(state_dir_ / "dom1/console"));
  EXPECT_EQ(provider_->state(p.hosts[2]), HostState::shut_off);
  EXPECT_EQ(provider_->ensure_domain(p, p.hosts[2], image(), {}), Ensured::unchanged);
}

TEST_F(LibvirtTest, MissingVolumesAreNamedWhenDefiningADomain) {
  lab::Plan p = plan("dom2");
  provider_->ensure_pool(p);
  expect_error(
      [&] { provider_->ensure_domain(p, p.hosts[0], image(), {}); },
      "volume klab-dom2-kube-master.qcow2 is missing from storage pool klab-dom2: run klab up");
}

TEST_F(LibvirtTest, PowerOperationsReachEachStateAndAreIdempotent) {
  lab::Plan p = plan("dom3");
  build_lab(p);
  const lab::HostPlan& h = p.hosts[1];
  provider_->start(h);
  EXPECT_EQ(provider_->state(h), HostState::running);
  provider_->start(h);  // already running: nothing to do
  provider_->suspend(h);
  EXPECT_EQ(provider_->state(h), HostState::paused);
  provider_->suspend(h);
  provider_->resume(h);
  EXPECT_EQ(provider_->state(h), HostState::running);
  provider_->reset(h);
  EXPECT_EQ(provider_->state(h), HostState::running);
  provider_->reboot(h);
  EXPECT_EQ(provider_->state(h), HostState::running);
  provider_->destroy(h);
  EXPECT_EQ(provider_->state(h), HostState::shut_off);
  provider_->destroy(h);
  provider_->start(h);
  provider_->shutdown(h);  // the test driver shuts down at once
  EXPECT_EQ(provider_->state(h), HostState::shut_off);
  EXPECT_EQ(provider_->state(p.hosts[0]), HostState::shut_off);  // others untouched
}

TEST_F(LibvirtTest, ChangedPlanRedefinesAStoppedDomainButNotARunningOne) {
  lab::Plan p = plan("dom4");
  build_lab(p);
  p.hosts[0].resources.memory_mib = 1536;
  p.hosts[1].resources.memory_mib = 1536;
  provider_->start(p.hosts[1]);
  EXPECT_EQ(provider_->ensure_domain(p, p.hosts[0], image(), {}), Ensured::updated);
  EXPECT_EQ(provider_->ensure_domain(p, p.hosts[1], image(), {}), Ensured::out_of_date);
  auto memory_kib = [&](const std::string& name) {
    Domain d = conn().try_domain(name);
    return virDomainGetMaxMemory(d.get());
  };
  EXPECT_EQ(memory_kib("klab-dom4-kube-master"), 1536ul * 1024);
  EXPECT_EQ(memory_kib("klab-dom4-kube-master1"), 1024ul * 1024);
  provider_->destroy(p.hosts[1]);
  EXPECT_EQ(provider_->ensure_domain(p, p.hosts[1], image(), {}), Ensured::updated);
  EXPECT_EQ(memory_kib("klab-dom4-kube-master1"), 1536ul * 1024);
}

TEST_F(LibvirtTest, AbsentHostIsAStateAndAnActionableErrorForPowerOps) {
  lab::Plan p = plan("dom5");
  EXPECT_EQ(provider_->state(p.hosts[0]), HostState::absent);
  expect_error([&] { provider_->start(p.hosts[0]); }, "host kube-master has no domain");
}

TEST_F(LibvirtTest, UnownedDomainWithAKlabNameIsNeverTouched) {
  lab::Plan p = plan("dom6");
  std::string xml =
      "<domain type='test'><name>klab-dom6-kube-master1</name><memory>1024</memory>"
      "<os><type>hvm</type></os></domain>";
  Domain foreign(virDomainDefineXML(conn().get(), xml.c_str()));
  ASSERT_TRUE(foreign);
  ASSERT_EQ(virDomainCreate(foreign.get()), 0);
  for (auto op : {&lab::Provider::destroy, &lab::Provider::suspend, &lab::Provider::reset}) {
    expect_error([&] { ((*provider_).*op)(p.hosts[1]); }, "exists but klab did not create it");
  }
  expect_error([&] { provider_->state(p.hosts[1]); }, "klab will not touch it");
  provider_->ensure_network(p);
  provider_->ensure_pool(p);
  create_raw(p, p.hosts[1].disk_volume);
  create_raw(p, p.hosts[1].seed_volume);
  expect_error([&] { provider_->ensure_domain(p, p.hosts[1], image(), {}); }, "klab did not create it");
  EXPECT_TRUE(provider_->list_owned(kTestUri, "dom6").domains.empty());
  provider_->remove_lab(kTestUri, "dom6");
  Domain still = conn().try_domain("klab-dom6-kube-master1");
  ASSERT_TRUE(still);
  EXPECT_EQ(domain_state(still.get()), HostState::running);
  EXPECT_EQ(domain_xml(still.get()), domain_xml(foreign.get()));
}

TEST_F(LibvirtTest, InterfaceDeviceOfARunningHost) {
  lab::Plan p = plan("dom7");
  build_lab(p);
  expect_error([&] { provider_->interface_device(p.hosts[0]); }, "host kube-master is not running");
  provider_->start(p.hosts[0]);
  EXPECT_FALSE(provider_->interface_device(p.hosts[0]).empty());  // test driver: testnet0
}

TEST_F(LibvirtTest, LinkControlReportsTheDriverLimitClearly) {
  // The test driver has no virDomainUpdateDeviceFlags; the real daemon is covered by e2e.
  lab::Plan p = plan("dom8");
  build_lab(p);
  expect_error([&] { provider_->set_link(p.hosts[0], false); }, "host kube-master is not running");
  provider_->start(p.hosts[0]);
  expect_error([&] { provider_->set_link(p.hosts[0], false); },
               "setting the link of host kube-master down: ");
}

}  // namespace
}  // namespace klab::testing
