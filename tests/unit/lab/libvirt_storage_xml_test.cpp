#include <gtest/gtest.h>

#include <regex>

#include "fixtures/libvirt/sample_plan.hpp"
#include "fixtures/libvirt/schema.hpp"
#include "lab/libvirt/ownership.hpp"
#include "lab/libvirt/snapshot_xml.hpp"
#include "lab/libvirt/storage_xml.hpp"

namespace klab::lab::libvirt {
namespace {

using klab::testing::read_golden;
using klab::testing::validate_libvirt_xml;

TEST(StorageXml, PoolMatchesGoldenAndValidates) {
  std::string xml = render_pool("klab-ha", "/var/lib/libvirt/images/klab-ha");
  EXPECT_EQ(xml, read_golden("pool.xml", xml));
  auto r = validate_libvirt_xml(xml, "storagepool");
  if (!r.available) GTEST_SKIP() << "SKIPPED: virt-xml-validate is not installed";
  EXPECT_TRUE(r.valid) << r.output;
}

TEST(StorageXml, OverlayHasBaseAsBackingStoreAndValidates) {
  std::string xml =
      render_overlay_volume("klab-ha-kube-master1.qcow2", 8ull << 30,
                            "/var/lib/libvirt/images/klab-ha/klab-ha-base-debian-12.qcow2");
  EXPECT_EQ(xml, read_golden("volume-overlay.xml", xml));
  auto r = validate_libvirt_xml(xml, "storagevol");
  if (!r.available) GTEST_SKIP() << "SKIPPED: virt-xml-validate is not installed";
  EXPECT_TRUE(r.valid) << r.output;
}

TEST(StorageXml, RawUploadTargetIsExactSizeAndSparse) {
  std::string xml = render_raw_volume("klab-ha-base-debian-12.vmlinuz", 8123456);
  EXPECT_EQ(xml, read_golden("volume-raw.xml", xml));
  auto r = validate_libvirt_xml(xml, "storagevol");
  if (!r.available) GTEST_SKIP() << "SKIPPED: virt-xml-validate is not installed";
  EXPECT_TRUE(r.valid) << r.output;
}

TEST(StorageXml, SnapshotMatchesGoldenAndValidates) {
  std::string xml = render_snapshot("deployed", "ha", {{"vda", true}, {"vdb", false}});
  EXPECT_EQ(xml, read_golden("snapshot.xml", xml));
  auto r = validate_libvirt_xml(xml, "domainsnapshot");
  if (!r.available) GTEST_SKIP() << "SKIPPED: virt-xml-validate is not installed";
  EXPECT_TRUE(r.valid) << r.output;
}

TEST(PoolOwnership, DerivedUuidIsStableWellFormedAndPerName) {
  std::string a = pool_uuid_for("klab-ha");
  EXPECT_EQ(a, pool_uuid_for("klab-ha"));
  EXPECT_NE(a, pool_uuid_for("klab-hb"));
  EXPECT_TRUE(std::regex_match(
      a, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << a;
}

TEST(PoolOwnership, OwnedOnlyWithPrefixAndMatchingUuid) {
  EXPECT_EQ(pool_owner("klab-ha", pool_uuid_for("klab-ha")), "ha");
  EXPECT_FALSE(pool_owner("klab-ha", "11111111-2222-4333-8444-555555555555"));
  EXPECT_FALSE(pool_owner("klab-ha", pool_uuid_for("klab-hb")));
  EXPECT_FALSE(pool_owner("default", pool_uuid_for("default")));
  EXPECT_FALSE(pool_owner("klab-", pool_uuid_for("klab-")));
}

}  // namespace
}  // namespace klab::lab::libvirt
