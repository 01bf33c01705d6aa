// Pool, base image and host volumes against libvirt's test driver.
#include <fstream>

#include "lab/libvirt/ownership.hpp"
#include "lab/libvirt/storage.hpp"
#include "libvirt_fixture.hpp"

namespace klab::testing {
namespace {

using lab::Ensured;
using namespace lab::libvirt;

std::string pool_uuid(virStoragePoolPtr pool) {
  char buf[VIR_UUID_STRING_BUFLEN] = {};
  virStoragePoolGetUUIDString(pool, buf);
  return buf;
}

TEST_F(LibvirtTest, PoolIsCreatedWithItsOwnershipUuidAndThenLeftAlone) {
  lab::Plan p = plan("st1");
  EXPECT_EQ(provider_->ensure_pool(p), Ensured::created);
  Pool pool = conn().try_pool("klab-st1");
  ASSERT_TRUE(pool);
  EXPECT_EQ(virStoragePoolIsActive(pool.get()), 1);
  EXPECT_EQ(pool_uuid(pool.get()), pool_uuid_for("klab-st1"));
  EXPECT_NE(pool_xml(pool.get()).find("<path>/var/lib/libvirt/images/klab-st1</path>"),
            std::string::npos);
  ASSERT_EQ(virStoragePoolDestroy(pool.get()), 0);
  EXPECT_EQ(provider_->ensure_pool(p), Ensured::unchanged);
  EXPECT_EQ(virStoragePoolIsActive(pool.get()), 1);
}

TEST_F(LibvirtTest, LookAlikePoolIsNeitherAdoptedNorRemoved) {
  lab::Plan p = plan("st2");
  std::string xml =
      "<pool type='dir'><name>klab-st2</name><target><path>/tmp/st2</path></target></pool>";
  Pool foreign(virStoragePoolDefineXML(conn().get(), xml.c_str(), 0));
  ASSERT_TRUE(foreign);
  expect_error([&] { provider_->ensure_pool(p); }, "its UUID is not klab's");
  lab::RemoveReport r = provider_->remove_lab(kTestUri, "st2");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.skipped.size(), 1u);
  EXPECT_TRUE(conn().try_pool("klab-st2"));
}

TEST_F(LibvirtTest, BaseUploadFailureNamesTheVolumeAndLeavesNoCompletionMarker) {
  lab::Plan p = plan("st3");
  provider_->ensure_pool(p);
  // A real file, so the failure is the driver's (the test driver has no upload).
  std::filesystem::path file = state_dir_ / "base.qcow2";
  std::ofstream(file) << std::string(4096, 'x');
  lab::BaseImage img = image();
  img.disk = file;
  expect_error([&] { provider_->ensure_base(p, img); },
               "uploading " + file.string() + " into volume klab-st3-base-debian-12.qcow2");
  EXPECT_EQ(volume_xml(p, base_names(p, img).marker), "");
}

TEST_F(LibvirtTest, MissingBaseFileIsReportedBeforeAnyUpload) {
  lab::Plan p = plan("st4");
  provider_->ensure_pool(p);
  expect_error([&] { provider_->ensure_base(p, image()); },
               "base image disk /nonexistent/debian-12.qcow2 is not readable");
}

TEST_F(LibvirtTest, CompleteBaseIsNotUploadedAgain) {
  lab::Plan p = plan("st5");
  provider_->ensure_pool(p);
  create_raw(p, p.base_volume);
  create_raw(p, base_names(p, image()).marker, 0);
  EXPECT_EQ(provider_->ensure_base(p, image()), Ensured::unchanged);
}

TEST_F(LibvirtTest, ChangedBaseUnderExistingHostDisksIsRefused) {
  lab::Plan p = plan("st6");
  build_lab(p);
  create_raw(p, base_names(p, image()).marker, 0);
  lab::BaseImage rebuilt = image();
  rebuilt.sha256 = std::string(64, 'b');
  expect_error([&] { provider_->ensure_base(p, rebuilt); },
               "the base image debian-12 changed since lab st6 was created");
  EXPECT_NE(volume_xml(p, p.base_volume), "");
}

TEST_F(LibvirtTest, HostDiskIsAQcow2OverlayOfTheBase) {
  lab::Plan p = plan("st7");
  provider_->ensure_pool(p);
  create_raw(p, p.base_volume, 2ull << 30);
  lab::HostInputs in{state_dir_ / "seed.iso"};
  std::ofstream(in.seed_iso) << "cidata";
  // The overlay is created; then the seed upload hits the test driver's limit.
  expect_error([&] { provider_->ensure_host_volumes(p, p.hosts[1], image(), in); },
               "into volume klab-st7-kube-master1-seed.iso");
  std::string xml = volume_xml(p, p.hosts[1].disk_volume);
  EXPECT_NE(xml.find("<format type='qcow2'/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<backingStore>\n    "
                     "<path>/var/lib/libvirt/images/klab-st7/klab-st7-base-debian-12.qcow2</path>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<capacity unit='bytes'>8589934592</capacity>"), std::string::npos) << xml;
}

TEST_F(LibvirtTest, HostDiskThatIsNotAnOverlayIsRefused) {
  lab::Plan p = plan("st8");
  provider_->ensure_pool(p);
  create_raw(p, p.base_volume);
  create_raw(p, p.hosts[0].disk_volume);  // a plain file where the overlay should be
  expect_error([&] { provider_->ensure_host_volumes(p, p.hosts[0], image(), {}); },
               "is not an overlay of");
}

}  // namespace
}  // namespace klab::testing
