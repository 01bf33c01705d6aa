#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "fixtures/libvirt/sample_plan.hpp"
#include "fixtures/libvirt/schema.hpp"
#include "lab/libvirt/domain_xml.hpp"
#include "lab/libvirt/ownership.hpp"
#include "lab/libvirt/xml_readers.hpp"

namespace klab::lab::libvirt {
namespace {

using klab::testing::read_golden;
using klab::testing::sample_plan;

DomainInputs direct_boot_inputs() {
  DomainInputs in;
  in.disk_path = "/var/lib/libvirt/images/klab-ha/klab-ha-kube-master1.qcow2";
  in.seed_path = "/var/lib/libvirt/images/klab-ha/klab-ha-kube-master1-seed.iso";
  in.kernel_path = "/var/lib/libvirt/images/klab-ha/klab-ha-base-debian-12.vmlinuz";
  in.initrd_path = "/var/lib/libvirt/images/klab-ha/klab-ha-base-debian-12.initrd";
  in.cmdline = "root=/dev/vda1 ro console=ttyS0";
  in.kvm = false;
  in.console_log = "/root/.local/state/klab/ha/console/kube-master1.log";
  in.version = "0.1.0";
  in.creator = {"0", "builder", "/root/.local/state/klab/ha"};
  in.lab_key = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";
  return in;
}

TEST(DomainXml, DirectKernelBootUnderTcgMatchesGolden) {
  Plan plan = sample_plan();
  std::string xml = render_domain(plan, plan.hosts[1], direct_boot_inputs());
  EXPECT_EQ(xml, read_golden("domain-direct-tcg.xml", xml));
}

TEST(DomainXml, DiskBootUnderKvmMatchesGolden) {
  Plan plan = sample_plan();
  DomainInputs in = direct_boot_inputs();
  in.kernel_path.clear();
  in.initrd_path.clear();
  in.cmdline.clear();
  in.kvm = true;
  std::string xml = render_domain(plan, plan.hosts[0], in);
  EXPECT_EQ(xml, read_golden("domain-disk-kvm.xml", xml));
}

TEST(DomainXml, RecordsWhoCreatedItAndTheLabKey) {
  Plan plan = sample_plan();
  std::optional<Owner> owner = owner_from_xml(render_domain(plan, plan.hosts[1], direct_boot_inputs()));
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->creator, (LabOwner{"0", "builder", "/root/.local/state/klab/ha"}));
  EXPECT_EQ(owner->lab_key, "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
  // Another creator or key is another definition: `up` redefines a stopped domain.
  DomainInputs other = direct_boot_inputs();
  other.lab_key = "SHA256:other";
  EXPECT_NE(owner->spec, owner_from_xml(render_domain(plan, plan.hosts[1], other))->spec);
}

TEST(DomainXml, ValidatesAgainstLibvirtSchema) {
  Plan plan = sample_plan();
  for (bool kvm : {false, true}) {
    DomainInputs in = direct_boot_inputs();
    in.kvm = kvm;
    auto r = klab::testing::validate_libvirt_xml(render_domain(plan, plan.hosts[1], in), "domain");
    if (!r.available) GTEST_SKIP() << "SKIPPED: virt-xml-validate is not installed";
    EXPECT_TRUE(r.valid) << r.output;
  }
}

TEST(DomainXml, TypeIsKvmOnlyWhenKvmWorks) {
  Plan plan = sample_plan();
  DomainInputs in = direct_boot_inputs();
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(render_domain(plan, plan.hosts[1], in).c_str()));
  EXPECT_STREQ(doc.child("domain").attribute("type").value(), "qemu");
  EXPECT_FALSE(doc.child("domain").child("cpu"));  // host-passthrough is KVM-only
  in.kvm = true;
  ASSERT_TRUE(doc.load_string(render_domain(plan, plan.hosts[1], in).c_str()));
  EXPECT_STREQ(doc.child("domain").attribute("type").value(), "kvm");
}

TEST(DomainXml, ResourcesMacAndOwnerComeFromThePlan) {
  Plan plan = sample_plan();
  plan.hosts[2].resources = Resources{3, 1536, 20};
  std::string xml = render_domain(plan, plan.hosts[2], direct_boot_inputs());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  pugi::xml_node d = doc.child("domain");
  EXPECT_STREQ(d.child("name").text().get(), "klab-ha-kube-master2");
  EXPECT_EQ(d.child("memory").text().as_int(), 1536);
  EXPECT_STREQ(d.child("memory").attribute("unit").value(), "MiB");
  EXPECT_EQ(d.child("vcpu").text().as_int(), 3);
  EXPECT_STREQ(d.child("devices").child("interface").child("mac").attribute("address").value(),
               "52:54:00:4b:00:52");
  std::optional<Owner> owner = owner_from_xml(xml);
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->lab, "ha");
  EXPECT_EQ(owner->host, "kube-master2");
  EXPECT_EQ(owner->role, "master");
}

TEST(DomainXml, SeedIsReadOnlySoSnapshotsSkipIt) {
  Plan plan = sample_plan();
  std::vector<SnapshotDisk> disks =
      snapshot_disks(render_domain(plan, plan.hosts[1], direct_boot_inputs()));
  ASSERT_EQ(disks.size(), 2u);
  EXPECT_EQ(disks[0].target, "vda");
  EXPECT_TRUE(disks[0].include);
  EXPECT_EQ(disks[1].target, "vdb");
  EXPECT_FALSE(disks[1].include);
}

TEST(DomainXml, SpecChangesWithTheDefinitionOnly) {
  Plan plan = sample_plan();
  DomainInputs in = direct_boot_inputs();
  std::string a = owner_from_xml(render_domain(plan, plan.hosts[1], in))->spec;
  EXPECT_EQ(a, owner_from_xml(render_domain(plan, plan.hosts[1], in))->spec);
  plan.hosts[1].resources.memory_mib = 4096;
  EXPECT_NE(a, owner_from_xml(render_domain(plan, plan.hosts[1], in))->spec);
}

}  // namespace
}  // namespace klab::lab::libvirt
