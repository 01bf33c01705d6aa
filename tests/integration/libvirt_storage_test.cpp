// Pool, base image and host volumes against libvirt's test driver.
#include <gmock/gmock.h>
#include <libvirt/virterror.h>

#include <fstream>
#include <pugixml.hpp>

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

// The dir backend's rules on top of the test driver, which keeps no directories: build
// makes the pool's directory, starting (a refresh, which lists it) needs it, and
// deleting removes it, failing when there is none. Installed for the object's lifetime.
class DirBackend {
 public:
  DirBackend() : saved_(pool_dir_calls()) {
    pool_dir_calls() = PoolDirCalls{&build, &create, &remove_dir};
  }
  ~DirBackend() { pool_dir_calls() = saved_; }

 private:
  static std::filesystem::path dir_of(virStoragePoolPtr pool) {
    pugi::xml_document doc;
    doc.load_string(pool_xml(pool).c_str());
    return doc.child("pool").child("target").child("path").text().as_string();
  }
  // Fails as the dir backend would, without its message (only libvirt can set one).
  static int fail() {
    virResetLastError();
    return -1;
  }
  static int build(virStoragePoolPtr pool, unsigned int flags) {
    if (virStoragePoolBuild(pool, flags) < 0) return -1;
    std::filesystem::create_directories(dir_of(pool));
    return 0;
  }
  static int create(virStoragePoolPtr pool, unsigned int flags) {
    if (!std::filesystem::is_directory(dir_of(pool)))
      return fail();  // "cannot open directory ...: No such file or directory"
    return virStoragePoolCreate(pool, flags);
  }
  static int remove_dir(virStoragePoolPtr pool, unsigned int flags) {
    std::error_code ec;
    if (!std::filesystem::remove(dir_of(pool), ec))
      return fail();
    return virStoragePoolDelete(pool, flags);
  }
  PoolDirCalls saved_;
};

class PoolStates : public LibvirtTest {
 protected:
  void SetUp() override {
    LibvirtTest::SetUp();
    lab::libvirt::LibvirtOptions o;
    o.uri = kTestUri;
    o.pool_root = (state_dir_ / "pools").string();
    o.kvm = lab::KvmStatus{false, "test"};
    o.check_routes = false;
    provider_ = std::make_unique<lab::libvirt::LibvirtProvider>(o);
  }
  std::filesystem::path dir(const lab::Plan& p) const { return state_dir_ / "pools" / p.pool_name; }
  // What `up` killed between defining and building the pool leaves: klab's pool, no directory.
  Pool define_only(const lab::Plan& p) {
    Pool pool(virStoragePoolDefineXML(conn().get(), render_pool(p.pool_name, dir(p).string()).c_str(), 0));
    EXPECT_TRUE(pool) << last_error("defining").what();
    return pool;
  }
  DirBackend backend_;
};

TEST_F(PoolStates, UpFinishesAPoolThatWasDefinedButNeverBuilt) {
  lab::Plan p = plan("pb1");
  Pool pool = define_only(p);
  ASSERT_FALSE(std::filesystem::exists(dir(p)));
  EXPECT_EQ(provider_->ensure_pool(p), Ensured::unchanged);
  EXPECT_EQ(virStoragePoolIsActive(pool.get()), 1);
  EXPECT_TRUE(std::filesystem::is_directory(dir(p)));
}

TEST_F(PoolStates, DownRemovesAPoolThatWasDefinedButNeverBuilt) {
  lab::Plan p = plan("pb2");
  define_only(p);
  lab::RemoveReport r = provider_->remove_lab(kTestUri, "pb2");
  EXPECT_TRUE(r.ok()) << r.errors.front();
  EXPECT_FALSE(conn().try_pool(p.pool_name));
  EXPECT_FALSE(std::filesystem::exists(dir(p)));
}

TEST_F(PoolStates, DownRemovesAStoppedPoolWithItsVolumes) {
  lab::Plan p = plan("pb3");
  EXPECT_EQ(provider_->ensure_pool(p), Ensured::created);
  create_raw(p, p.base_volume);
  ASSERT_EQ(virStoragePoolDestroy(conn().try_pool(p.pool_name).get()), 0);
  lab::RemoveReport r = provider_->remove_lab(kTestUri, "pb3");
  EXPECT_TRUE(r.ok()) << r.errors.front();
  EXPECT_THAT(r.removed, ::testing::Contains("volume " + p.base_volume));
  EXPECT_FALSE(conn().try_pool(p.pool_name));
  EXPECT_FALSE(std::filesystem::exists(dir(p)));
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
