#include "images/image_cache.hpp"

#include <gtest/gtest.h>

#include "images/cache_store.hpp"
#include "images/sha256.hpp"
#include "base/error.hpp"
#include "lab/paths.hpp"
#include "temp_cache.hpp"

namespace klab::images {
namespace {

using testing::add_image;
using testing::TempCache;
using testing::write_file;

TEST(ImageCache, FindsAnImageWithAllPaths) {
  TempCache cache;
  add_image("debian-12");
  std::optional<ImageInfo> i = find_image("debian-12");
  ASSERT_TRUE(i);
  EXPECT_EQ(i->dir, cache.images() / "debian-12");
  EXPECT_EQ(i->disk, cache.images() / "debian-12/disk.qcow2");
  EXPECT_EQ(i->disk_format, "qcow2");
  EXPECT_EQ(i->virtual_size, 4096u);
  EXPECT_EQ(i->boot, BootMode::direct);
  EXPECT_EQ(i->kernel, cache.images() / "debian-12/vmlinuz");
  EXPECT_EQ(i->initrd, cache.images() / "debian-12/initrd.img");
  EXPECT_EQ(i->cmdline, "root=/dev/vda");
  EXPECT_EQ(i->sha256, sha256_hex("diskdisk.qcow2"));
  EXPECT_TRUE(i->problem.empty());
  EXPECT_TRUE(verify_image(*i).empty());
}

TEST(ImageCache, MissingImageTellsHowToBuildIt) {
  TempCache cache;
  EXPECT_FALSE(find_image("debian-12"));
  try {
    must_find_image("debian-12");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_EQ(std::string(e.what()), "image 'debian-12' is not in the cache (" +
                                         (cache.images() / "debian-12").string() +
                                         "): run `klab image build debian-12`");
  }
}

TEST(ImageCache, MissingFileIsAProblemNotACrash) {
  TempCache cache;
  add_image("debian-12");
  std::filesystem::remove(cache.images() / "debian-12/initrd.img");
  std::optional<ImageInfo> i = find_image("debian-12");
  ASSERT_TRUE(i);
  EXPECT_NE(i->problem.find("initrd.img is missing"), std::string::npos) << i->problem;
  EXPECT_THROW(must_find_image("debian-12"), Error);
}

TEST(ImageCache, VerifyFindsAlteredFiles) {
  TempCache cache;
  add_image("debian-12");
  write_file(cache.images() / "debian-12/vmlinuz", "diskvmlinuX");
  auto problems = verify_image(*find_image("debian-12"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("vmlinuz has sha256"), std::string::npos) << problems[0];
}

TEST(ImageCache, ListsSortedSkippingStagingAndReportingDamage) {
  TempCache cache;
  add_image("zeta");
  add_image("alpha");
  write_file(cache.images() / ".staging-beta-1-0/image/manifest.json", "{}");
  write_file(cache.images() / "broken/manifest.json", "not json");
  std::filesystem::create_directories(cache.images() / "empty-dir");
  auto all = list_images();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].name, "alpha");
  EXPECT_EQ(all[1].name, "broken");
  EXPECT_FALSE(all[1].problem.empty());
  EXPECT_EQ(all[2].name, "zeta");
  EXPECT_TRUE(all[2].problem.empty());
}

TEST(ImageCache, ListOfAnEmptyCacheIsEmpty) {
  TempCache cache;
  EXPECT_TRUE(list_images().empty());
}

TEST(ImageCache, RemoveDeletesOnlyThatImage) {
  TempCache cache;
  add_image("a");
  add_image("b");
  EXPECT_TRUE(remove_image("a"));
  EXPECT_FALSE(std::filesystem::exists(cache.images() / "a"));
  EXPECT_TRUE(find_image("b"));
  EXPECT_FALSE(remove_image("a"));
}

TEST(ImageCache, NamesThatEscapeTheCacheAreUsageErrors) {
  TempCache cache;
  for (const char* bad : {"../x", "", "a/b", ".hidden", "UPPER"}) {
    try {
      remove_image(bad);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::usage) << bad;
    }
    EXPECT_THROW(find_image(bad), Error) << bad;
  }
}

TEST(CacheStore, StagingDirVanishesUnlessPublished) {
  TempCache cache;
  std::filesystem::path p;
  {
    StagingDir s("x");
    p = s.path();
    write_file(p / "rootfs/etc/file", "x");
  }
  EXPECT_FALSE(std::filesystem::exists(p));
  EXPECT_FALSE(find_image("x"));
}

TEST(CacheStore, PublishReplacesAnExistingImage) {
  TempCache cache;
  add_image("x", "old");
  {
    StagingDir s("x");
    auto dir = s.path() / "image";
    add_image("tmp", "new");  // build a complete image dir, then move it into staging
    std::filesystem::rename(lab::image_dir("tmp"), dir);
    auto m = read_manifest(dir / "manifest.json");
    m.name = "x";
    write_manifest(dir / "manifest.json", m);
    s.publish(dir);
    EXPECT_FALSE(std::filesystem::exists(s.path()));
  }
  auto i = find_image("x");
  ASSERT_TRUE(i);
  EXPECT_EQ(i->sha256, sha256_hex("newdisk.qcow2"));
  EXPECT_TRUE(i->problem.empty());
  for (const auto& e : std::filesystem::directory_iterator(cache.images())) {
    EXPECT_FALSE(e.path().filename().string().starts_with(".staging")) << e.path();
  }
}

TEST(CacheStore, StaleStagingOfDeadProcessesIsCleanedUp) {
  TempCache cache;
  // pid 2^22+1 is above pid_max's default, so no such process exists.
  auto stale = cache.images() / ".staging-x-4194305-0";
  write_file(stale / "rootfs/big", "x");
  StagingDir s("y");
  EXPECT_FALSE(std::filesystem::exists(stale));
}

TEST(CacheStore, OneWriterPerImage) {
  TempCache cache;
  CacheLock first("x");
  try {
    CacheLock second("x");
    FAIL() << "second lock taken";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("pid " + std::to_string(::getpid())), std::string::npos) << e.what();
  }
  CacheLock other("y");  // other images are independent
}

}  // namespace
}  // namespace klab::images
