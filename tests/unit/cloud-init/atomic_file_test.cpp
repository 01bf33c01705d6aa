// Whole-file writes: exact modes whatever the umask, create-only semantics for keys,
// and no temporary files left behind.
#include "cloud-init/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "base/error.hpp"
#include "unit/cloud-init/cloudinit_support.hpp"

namespace klab::cloudinit {
namespace {

namespace fs = std::filesystem;
using testing::perms_of;
using testing::read_text;
using testing::TempDir;

class UmaskGuard {
 public:
  explicit UmaskGuard(mode_t mask) : old_(::umask(mask)) {}
  ~UmaskGuard() { ::umask(old_); }

 private:
  mode_t old_;
};

std::size_t entries_in(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(AtomicFile, WritesContentWithExactlyTheRequestedMode) {
  TempDir dir;
  {
    UmaskGuard umask(077);
    ASSERT_TRUE(write_file_atomic(dir / "public", "hello\n", 0644));
  }
  {
    UmaskGuard umask(0);
    ASSERT_TRUE(write_file_atomic(dir / "secret", std::string("a\0b", 3), 0600));
  }
  EXPECT_EQ(read_text(dir / "public"), "hello\n");
  EXPECT_EQ(read_text(dir / "secret"), std::string("a\0b", 3));
  EXPECT_EQ(perms_of(dir / "public"), fs::perms(0644));
  EXPECT_EQ(perms_of(dir / "secret"), fs::perms(0600));
  EXPECT_EQ(entries_in(dir.path()), 2u) << "a temporary file was left behind";
}

TEST(AtomicFile, ReplaceOverwritesAndKeepLeavesTheExistingFile) {
  TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir / "f", "one", 0644));
  EXPECT_TRUE(write_file_atomic(dir / "f", "two", 0644, IfExists::replace));
  EXPECT_EQ(read_text(dir / "f"), "two");
  EXPECT_FALSE(write_file_atomic(dir / "f", "three", 0600, IfExists::keep));
  EXPECT_EQ(read_text(dir / "f"), "two");
  EXPECT_EQ(perms_of(dir / "f"), fs::perms(0644));
  EXPECT_TRUE(write_file_atomic(dir / "g", "new", 0600, IfExists::keep));
  EXPECT_EQ(read_text(dir / "g"), "new");
  EXPECT_EQ(entries_in(dir.path()), 2u) << "a temporary file was left behind";
}

TEST(AtomicFile, FailureNamesThePathAndLeavesNothing) {
  TempDir dir;
  try {
    write_file_atomic(dir / "missing-dir" / "f", "x", 0644);
    FAIL() << "writing into a missing directory succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_NE(std::string(e.what()).find((dir / "missing-dir").string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(entries_in(dir.path()), 0u);
}

TEST(AtomicFile, ReadsWholeFilesAndReportsAbsence) {
  TempDir dir;
  EXPECT_EQ(read_file_if_exists(dir / "nope"), std::nullopt);
  const std::string big(1 << 20, 'k');
  ASSERT_TRUE(write_file_atomic(dir / "big", big, 0644));
  EXPECT_EQ(read_file_if_exists(dir / "big"), big);
}

TEST(AtomicFile, PrivateDirGetsItsMode) {
  TempDir dir;
  ensure_private_dir(dir / "a" / "b", 0700);
  EXPECT_EQ(perms_of(dir / "a" / "b"), fs::perms(0700));
  fs::permissions(dir / "a" / "b", fs::perms(0755));
  ensure_private_dir(dir / "a" / "b", 0700);
  EXPECT_EQ(perms_of(dir / "a" / "b"), fs::perms(0700));
}

}  // namespace
}  // namespace klab::cloudinit
