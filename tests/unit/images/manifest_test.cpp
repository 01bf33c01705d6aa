#include "images/manifest.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "temp_cache.hpp"

namespace klab::images {
namespace {

Manifest sample() {
  Manifest m;
  m.name = "debian-12";
  m.format = "qcow2";
  m.boot = BootMode::direct;
  m.disk = "disk.qcow2";
  m.kernel = "vmlinuz";
  m.initrd = "initrd.img";
  m.kernel_cmdline = "root=/dev/vda rw console=ttyS0";
  m.virtual_size = 4ULL << 30;
  m.files["disk.qcow2"] = {std::string(64, 'a'), 123};
  m.files["vmlinuz"] = {std::string(64, 'b'), 45};
  m.files["initrd.img"] = {std::string(64, 'c'), 67};
  m.recipe_hash = std::string(64, 'd');
  m.origin = "builtin:debian-12";
  m.packages = {{"systemd", "252.38-1~deb12u1"}, {"etcd-server", "3.4.23-4+b4"}};
  m.created_at = "2025-05-20T10:11:12Z";
  m.build_seconds = 93.5;
  m.klab_version = "0.1.0";
  return m;
}

void expect_equal(const Manifest& a, const Manifest& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.boot, b.boot);
  EXPECT_EQ(a.disk, b.disk);
  EXPECT_EQ(a.kernel, b.kernel);
  EXPECT_EQ(a.initrd, b.initrd);
  EXPECT_EQ(a.kernel_cmdline, b.kernel_cmdline);
  EXPECT_EQ(a.virtual_size, b.virtual_size);
  ASSERT_EQ(a.files.size(), b.files.size());
  for (const auto& [k, v] : a.files) {
    EXPECT_EQ(v.sha256, b.files.at(k).sha256);
    EXPECT_EQ(v.size, b.files.at(k).size);
  }
  EXPECT_EQ(a.recipe_hash, b.recipe_hash);
  EXPECT_EQ(a.origin, b.origin);
  EXPECT_EQ(a.packages, b.packages);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_DOUBLE_EQ(a.build_seconds, b.build_seconds);
  EXPECT_EQ(a.klab_version, b.klab_version);
}

TEST(Manifest, RoundTripsThroughAFile) {
  testing::TempDir dir;
  write_manifest(dir.path() / "manifest.json", sample());
  int entries = 0;  // no temporary file left beside it
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
  expect_equal(read_manifest(dir.path() / "manifest.json"), sample());
}

TEST(Manifest, BootloaderImagesHaveNoKernelFields) {
  Manifest m;
  m.name = "cloud";
  m.format = "raw";
  m.boot = BootMode::bootloader;
  m.disk = "disk.raw";
  m.virtual_size = 1;
  m.files["disk.raw"] = {std::string(64, 'e'), 1};
  m.origin = "https://example.org/cloud.raw";
  nlohmann::json j = to_json(m);
  EXPECT_EQ(j["boot"], "bootloader");
  EXPECT_FALSE(j.contains("kernel"));
  EXPECT_FALSE(j.contains("packages"));
  Manifest back = manifest_from_json(j, "x");
  expect_equal(back, m);
}

TEST(Manifest, DamagedManifestsSayHowToRecover) {
  nlohmann::json good = to_json(sample());
  auto expect_bad = [](nlohmann::json j, const std::string& text) {
    try {
      manifest_from_json(j, "m.json");
      FAIL() << "accepted: " << j.dump();
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("klab image rm"), std::string::npos) << e.what();
    }
  };
  nlohmann::json j = good;
  j.erase("name");
  expect_bad(j, "m.json");
  j = good;
  j["boot"] = "pxe";
  expect_bad(j, "boot");
  j = good;
  j["disk"] = "../../etc/passwd";
  expect_bad(j, "must not contain '/'");
  j = good;
  j["files"].erase("vmlinuz");
  expect_bad(j, "no digest for vmlinuz");
  j = good;
  j["schema"] = 7;
  expect_bad(j, "not supported");
  expect_bad(nlohmann::json::array(), "not a JSON object");

  testing::TempDir dir;
  testing::write_file(dir.path() / "manifest.json", "{ not json");
  EXPECT_THROW(read_manifest(dir.path() / "manifest.json"), Error);
}

}  // namespace
}  // namespace klab::images
