#include "images/import.hpp"

#include <gtest/gtest.h>

#include "images/download.hpp"
#include "base/process.hpp"
#include "images/sha256.hpp"
#include "base/error.hpp"
#include "temp_cache.hpp"

namespace klab::images {
namespace {

namespace fs = std::filesystem;
using testing::TempCache;
using testing::TempDir;

// A small real qcow2 with some data in it.
fs::path make_qcow2(const fs::path& dir) {
  fs::path raw = dir / "disk.raw", qcow2 = dir / "cloud image.qcow2";  // a space: URL encoding
  std::string data(3 << 20, '\0');
  for (std::size_t i = 0; i < data.size(); i += 4096) data[i] = static_cast<char>(i / 4096);
  testing::write_file(raw, data);
  base::run_checked({"qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw.string(), qcow2.string()});
  return qcow2;
}

// Everything in the cache, so a test can assert that nothing was left behind.
std::vector<std::string> cache_contents(const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    std::string n = e.path().filename().string();
    if (!n.ends_with(".lock") && !e.is_directory()) out.push_back(e.path().string());
  }
  return out;
}

TEST(Import, LocalFileWithTheRightDigest) {
  TempCache cache;
  TempDir src;
  fs::path file = make_qcow2(src.path());
  std::string digest = sha256_file(file);
  std::vector<std::string> steps;
  ImageInfo i = import_image({file.string(), digest, "cloud"}, [&](const ProgressEvent& e) { steps.push_back(e.step); });
  EXPECT_EQ(i.name, "cloud");
  EXPECT_EQ(i.boot, BootMode::bootloader);
  EXPECT_EQ(i.disk_format, "qcow2");
  EXPECT_EQ(i.disk, cache.images() / "cloud/disk.qcow2");
  EXPECT_EQ(i.virtual_size, 3u << 20);
  EXPECT_EQ(i.sha256, digest);
  EXPECT_FALSE(i.kernel);
  EXPECT_EQ(i.manifest.origin, source_url(file.string()));
  EXPECT_NE(i.manifest.origin.find("cloud%20image.qcow2"), std::string::npos);
  EXPECT_TRUE(verify_image(i).empty());
  EXPECT_FALSE(fs::exists(cache.root() / "downloads" / (digest + ".part")));
  EXPECT_NE(std::find(steps.begin(), steps.end(), "verify"), steps.end());

  // The same digest again is a no-op; a different one under that name is refused.
  EXPECT_EQ(import_image({"file://" + file.string(), digest, "cloud"}).sha256, digest);
}

TEST(Import, UppercaseDigestIsAccepted) {
  TempCache cache;
  TempDir src;
  fs::path file = make_qcow2(src.path());
  std::string digest = sha256_file(file);
  std::transform(digest.begin(), digest.end(), digest.begin(), ::toupper);
  EXPECT_NO_THROW(import_image({file.string(), digest, "cloud"}));
}

TEST(Import, WrongDigestLeavesNothingAndNamesBothDigests) {
  TempCache cache;
  TempDir src;
  fs::path file = make_qcow2(src.path());
  std::string actual = sha256_file(file), wrong(64, '0');
  try {
    import_image({file.string(), wrong, "cloud"});
    FAIL() << "imported despite a wrong digest";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    std::string msg = e.what();
    EXPECT_NE(msg.find("expected " + wrong), std::string::npos) << msg;
    EXPECT_NE(msg.find("got " + actual), std::string::npos) << msg;
    EXPECT_NE(msg.find("deleted"), std::string::npos) << msg;
  }
  EXPECT_FALSE(find_image("cloud"));
  EXPECT_EQ(cache_contents(cache.root()), std::vector<std::string>{});
}

TEST(Import, BadArgumentsAreUsageErrors) {
  TempCache cache;
  for (ImportRequest r : {ImportRequest{"/x", "abc", "cloud"}, ImportRequest{"/x", std::string(64, 'g'), "cloud"},
                          ImportRequest{"/x", std::string(64, 'a'), "../up"}}) {
    try {
      import_image(r);
      FAIL() << r.sha256 << " " << r.name;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::usage) << e.what();
    }
  }
}

TEST(Import, MissingSourceIsAnInfrastructureError) {
  TempCache cache;
  try {
    import_image({"/nonexistent/disk.qcow2", std::string(64, 'a'), "cloud"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_NE(std::string(e.what()).find("download of file:///nonexistent/disk.qcow2 failed"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(find_image("cloud"));
}

TEST(Import, ArchivesAreRejectedWithAHint) {
  TempCache cache;
  TempDir src;
  fs::path xz = src.path() / "disk.raw.xz";
  testing::write_file(xz, std::string("\xFD" "7zXZ\0\0", 6) + std::string(2048, 'x'));
  try {
    import_image({xz.string(), sha256_file(xz), "cloud"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("xz archive"), std::string::npos) << e.what();
  }
  EXPECT_EQ(cache_contents(cache.root()), std::vector<std::string>{});
}

TEST(Import, ExistingImageWithAnotherDiskNeedsForce) {
  TempCache cache;
  TempDir src;
  fs::path file = make_qcow2(src.path());
  import_image({file.string(), sha256_file(file), "cloud"});
  fs::path other = src.path() / "other.raw";
  testing::write_file(other, std::string(1 << 20, 'z'));
  std::string digest = sha256_file(other);
  EXPECT_THROW(import_image({other.string(), digest, "cloud"}), Error);
  ImageInfo replaced = import_image({other.string(), digest, "cloud", /*force=*/true});
  EXPECT_EQ(replaced.disk_format, "raw");
  EXPECT_EQ(replaced.disk, cache.images() / "cloud/disk.raw");
  EXPECT_FALSE(fs::exists(cache.images() / "cloud/disk.qcow2"));
}

TEST(Download, ResumesFromAPartFile) {
  TempDir dir;
  std::string data(5 << 20, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 7919) >> 8);
  testing::write_file(dir.path() / "src.bin", data);
  const std::size_t have = 2 << 20;
  testing::write_file(dir.path() / "dst.part", data.substr(0, have));
  DownloadResult r = download(source_url((dir.path() / "src.bin").string()), dir.path() / "dst.part");
  EXPECT_EQ(r.resumed_from, have);
  EXPECT_EQ(r.size, data.size());
  EXPECT_EQ(testing::read_file(dir.path() / "dst.part"), data);
}

TEST(Download, ResumedImportVerifiesTheWholeFile) {
  TempCache cache;
  TempDir src;
  fs::path file = make_qcow2(src.path());
  std::string digest = sha256_file(file), content = testing::read_file(file);
  testing::write_file(cache.root() / "downloads" / (digest + ".part"), content.substr(0, content.size() / 3));
  std::vector<std::string> messages;
  ImageInfo i = import_image({file.string(), digest, "cloud"},
                             [&](const ProgressEvent& e) { messages.push_back(e.message); });
  EXPECT_EQ(i.sha256, digest);
  EXPECT_EQ(testing::read_file(i.disk), content);
  bool resumed = false;
  for (const auto& m : messages) resumed = resumed || m.starts_with("resumed at");
  EXPECT_TRUE(resumed);
}

TEST(Download, CorruptPartFileIsCaughtByTheDigest) {
  TempCache cache;
  TempDir src;
  fs::path file = make_qcow2(src.path());
  std::string digest = sha256_file(file), content = testing::read_file(file);
  std::string bad_prefix(content.size() / 2, 'X');
  testing::write_file(cache.root() / "downloads" / (digest + ".part"), bad_prefix);
  EXPECT_THROW(import_image({file.string(), digest, "cloud"}), Error);
  EXPECT_FALSE(fs::exists(cache.root() / "downloads" / (digest + ".part")));
  // Deleted, so the next attempt starts clean and succeeds.
  EXPECT_EQ(import_image({file.string(), digest, "cloud"}).sha256, digest);
}

TEST(Download, SourceUrl) {
  EXPECT_EQ(source_url("https://example.org/a.qcow2"), "https://example.org/a.qcow2");
  EXPECT_EQ(source_url("/tmp/a b#c.qcow2"), "file:///tmp/a%20b%23c.qcow2");
}

}  // namespace
}  // namespace klab::images
