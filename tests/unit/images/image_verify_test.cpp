// verify_before_upload: a cached image is checked against its manifest (size, sha256,
// qemu-img check) before `klab up` uploads it, and an unchanged image is not read again.
#include "images/image_verify.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "base/process.hpp"
#include "base/error.hpp"
#include "lab/paths.hpp"
#include "temp_cache.hpp"

namespace klab::images {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::TempCache;
using testing::read_file;
using testing::write_file;

ImageInfo add_image(const std::string& name = "debian-12") {
  testing::add_image(name);
  return must_find_image(name);
}

// Counts what the check reads; the disk "passes" qemu-img check.
struct Counting {
  int hashed = 0;
  int disk_checks = 0;
  VerifyTools tools() {
    VerifyTools t;
    t.sha256 = [this](const fs::path& p) { ++hashed; return sha256_file(p); };
    t.check_disk = [this](const fs::path&, const std::string&) { ++disk_checks; };
    return t;
  }
};

std::string refusal(const ImageInfo& image, const VerifyTools& tools) {
  try {
    verify_before_upload(image, tools);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_EQ(exit_code_for(e.kind()), 2);
    return e.what();
  }
  ADD_FAILURE() << "the image was accepted";
  return {};
}

TEST(ImageVerify, AGoodImageIsAcceptedAndTheSecondCheckReadsNothing) {
  TempCache cache;
  const ImageInfo image = add_image();
  Counting count;
  VerifyReport first = verify_before_upload(image, count.tools());
  EXPECT_EQ(first.checked, 3);
  EXPECT_EQ(first.remembered, 0);
  EXPECT_EQ(count.hashed, 3);
  EXPECT_EQ(count.disk_checks, 1);
  EXPECT_TRUE(first.warning.empty()) << first.warning;
  const nlohmann::json record = nlohmann::json::parse(read_file(image.dir / kVerifiedRecord));
  EXPECT_EQ(record["files"]["disk.qcow2"]["sha256"], image.sha256);

  VerifyReport second = verify_before_upload(image, count.tools());
  EXPECT_EQ(second.checked, 0);
  EXPECT_EQ(second.remembered, 3);
  EXPECT_EQ(count.hashed, 3);
  EXPECT_EQ(count.disk_checks, 1);
}

TEST(ImageVerify, ATamperedByteIsRefusedNamingTheFileAndBothDigests) {
  TempCache cache;
  const ImageInfo image = add_image();
  std::string bytes = read_file(image.disk);
  bytes[3] ^= 0x01;
  write_file(image.disk, bytes);
  Counting count;
  EXPECT_THAT(refusal(image, count.tools()),
              AllOf(HasSubstr("image 'debian-12' is damaged: " + image.disk.string() + " has sha256 " +
                              sha256_hex(bytes) + ", the manifest says " + image.sha256),
                    HasSubstr("nothing was uploaded"), HasSubstr("klab image rm debian-12")));
  EXPECT_EQ(count.disk_checks, 0);
  EXPECT_FALSE(fs::exists(image.dir / kVerifiedRecord));
}

TEST(ImageVerify, ATruncatedFileIsRefusedWithoutHashingIt) {
  TempCache cache;
  const ImageInfo image = add_image();
  const fs::path kernel = image.dir / "vmlinuz";
  fs::resize_file(kernel, 3);
  Counting count;
  EXPECT_THAT(refusal(image, count.tools()),
              HasSubstr(kernel.string() + " is 3 bytes, the manifest says " +
                        std::to_string(image.manifest.files.at("vmlinuz").size) + " (truncated or replaced)"));
  EXPECT_EQ(count.hashed, 2);  // disk.qcow2 and initrd.img come first; vmlinuz is not hashed
}

std::int64_t ctime_ns(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
}

// File times come from a coarse clock (one tick is a few ms): waits until a write made
// now gets a later ctime than `file` has, so the test sees a change, not a tie.
void wait_for_a_later_ctime_than(const fs::path& file) {
  const fs::path probe = file.parent_path() / ".probe";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  do write_file(probe, "x");
  while (ctime_ns(probe) <= ctime_ns(file) && std::chrono::steady_clock::now() < deadline);
  ASSERT_GT(ctime_ns(probe), ctime_ns(file));
  fs::remove(probe);
}

// Passed once, then changed with its mtime set back: the ctime still gives it away.
TEST(ImageVerify, AFileChangedAfterAGoodCheckIsReadAgainAndRefused) {
  TempCache cache;
  const ImageInfo image = add_image();
  Counting count;
  verify_before_upload(image, count.tools());
  wait_for_a_later_ctime_than(image.disk);
  const fs::file_time_type mtime = fs::last_write_time(image.disk);
  std::string bytes = read_file(image.disk);
  bytes[0] ^= 0x20;
  write_file(image.disk, bytes);
  fs::last_write_time(image.disk, mtime);
  EXPECT_THAT(refusal(image, count.tools()), HasSubstr(image.disk.string() + " has sha256"));
  EXPECT_EQ(count.hashed, 4);
}

TEST(ImageVerify, AMissingFileIsRefused) {
  TempCache cache;
  ImageInfo image = add_image();
  fs::remove(image.dir / "initrd.img");
  EXPECT_THAT(refusal(image, Counting().tools()), HasSubstr((image.dir / "initrd.img").string() + " is missing"));
}

// The real qemu-img: a qcow2 whose L1 table is corrupt but whose manifest matches it
// (made from the damaged file) is refused by the structure check alone.
class RealQemuImg : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!base::run_process({"sh", "-c", "command -v qemu-img"}).ok()) GTEST_SKIP() << "SKIPPED: qemu-img is not installed";
  }
  ImageInfo image_with_disk(const std::function<void(const fs::path&)>& damage) {
    const fs::path dir = lab::image_dir("cloud");
    fs::create_directories(dir);
    base::run_checked({"qemu-img", "create", "-q", "-f", "qcow2", (dir / "disk.qcow2").string(), "64M"});
    damage(dir / "disk.qcow2");
    Manifest m;
    m.name = "cloud";
    m.format = "qcow2";
    m.boot = BootMode::bootloader;
    m.disk = "disk.qcow2";
    m.virtual_size = 64 << 20;
    m.files["disk.qcow2"] = {sha256_file(dir / "disk.qcow2"), fs::file_size(dir / "disk.qcow2")};
    write_manifest(dir / "manifest.json", m);
    return must_find_image("cloud");
  }
  TempCache cache_;
};

TEST_F(RealQemuImg, AnIntactQcow2Passes) {
  const ImageInfo image = image_with_disk([](const fs::path&) {});
  EXPECT_EQ(verify_before_upload(image).checked, 1);
}

TEST_F(RealQemuImg, ACorruptQcow2WithAMatchingManifestIsRefused) {
  const ImageInfo image = image_with_disk([](const fs::path& disk) {
    std::string bytes = read_file(disk);
    // The header's l1_table_offset (big-endian, bytes 40..47); an L1 entry with every
    // bit set has reserved bits set and points outside the image.
    std::size_t l1 = 0;
    for (int i = 40; i < 48; ++i) l1 = (l1 << 8) | static_cast<unsigned char>(bytes[i]);
    bytes.resize(std::max(bytes.size(), l1 + 8));
    bytes.replace(l1, 8, std::string(8, '\xff'));
    write_file(disk, bytes);
  });
  EXPECT_THAT(refusal(image, VerifyTools{}),
              AllOf(HasSubstr("image 'cloud' is damaged: qemu-img check found"), HasSubstr(image.disk.string())));
}

}  // namespace
}  // namespace klab::images
