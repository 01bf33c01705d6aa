// Whole-file writes: exact modes whatever the umask, create-only semantics for keys,
// staged files invisible until published, and no temporary files left behind.
#include "base/atomic_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "unit/base/scratch_dir.hpp"

namespace klab::base {
namespace {

namespace fs = std::filesystem;
using testing::entries_in;
using testing::perms_of;
using testing::read_text;
using testing::ScratchDir;
using testing::UmaskGuard;

TEST(AtomicFile, WritesContentWithExactlyTheRequestedMode) {
  ScratchDir dir;
  {
    UmaskGuard umask(077);
    ASSERT_TRUE(write_file_atomic(dir / "public", "hello\n", fs::perms(0644)));
  }
  {
    UmaskGuard umask(0);
    ASSERT_TRUE(write_file_atomic(dir / "secret", std::string("a\0b", 3), fs::perms(0600)));
  }
  EXPECT_EQ(read_text(dir / "public"), "hello\n");
  EXPECT_EQ(read_text(dir / "secret"), std::string("a\0b", 3));
  EXPECT_EQ(perms_of(dir / "public"), fs::perms(0644));
  EXPECT_EQ(perms_of(dir / "secret"), fs::perms(0600));
  EXPECT_EQ(entries_in(dir.path()), 2u) << "a temporary file was left behind";
}

TEST(AtomicFile, ReplaceOverwritesAndKeepLeavesTheExistingFile) {
  ScratchDir dir;
  ASSERT_TRUE(write_file_atomic(dir / "f", "one", fs::perms(0644)));
  EXPECT_TRUE(write_file_atomic(dir / "f", "two", fs::perms(0600), IfExists::replace));
  EXPECT_EQ(read_text(dir / "f"), "two");
  EXPECT_EQ(perms_of(dir / "f"), fs::perms(0600)) << "a replacement takes the new mode";
  EXPECT_FALSE(write_file_atomic(dir / "f", "three", fs::perms(0644), IfExists::keep));
  EXPECT_EQ(read_text(dir / "f"), "two");
  EXPECT_EQ(perms_of(dir / "f"), fs::perms(0600));
  EXPECT_TRUE(write_file_atomic(dir / "g", "new", fs::perms(0600), IfExists::keep));
  EXPECT_EQ(read_text(dir / "g"), "new");
  EXPECT_EQ(entries_in(dir.path()), 2u) << "a temporary file was left behind";
}

// save_pair stages a key and a certificate before publishing either, so a failure in
// between must leave neither file nor temporary behind.
TEST(AtomicFile, AStagedFileIsInvisibleUntilPublishedAndGoneIfNever) {
  ScratchDir dir;
  const fs::path f = dir / "ca.key";
  {
    StagedFile staged(f, "key", fs::perms(0600));
    EXPECT_FALSE(fs::exists(f));
  }
  EXPECT_EQ(entries_in(dir.path()), 0u);
  StagedFile staged(f, "key", fs::perms(0600));
  EXPECT_TRUE(staged.publish());
  EXPECT_EQ(read_text(f), "key");
  EXPECT_EQ(perms_of(f), fs::perms(0600));
  EXPECT_EQ(entries_in(dir.path()), 1u);
}

TEST(AtomicFile, FailureNamesThePathAndLeavesNothing) {
  ScratchDir dir;
  const fs::path f = dir / "missing-dir" / "f";
  try {
    write_file_atomic(f, "x", fs::perms(0644));
    FAIL() << "writing into a missing directory succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_THAT(e.what(), ::testing::HasSubstr(f.string()));
  }
  EXPECT_EQ(entries_in(dir.path()), 0u);
}

TEST(AtomicFile, StaleTemporaryFilesOfOneFileAreRemoved) {
  ScratchDir dir;
  ASSERT_TRUE(write_file_atomic(dir / ".ca.key.tmp-AbC123", "left by a killed write", fs::perms(0600)));
  ASSERT_TRUE(write_file_atomic(dir / ".other.tmp-AbC123", "not ours", fs::perms(0600)));
  remove_stale_temp_files(dir / "ca.key");
  EXPECT_FALSE(fs::exists(dir / ".ca.key.tmp-AbC123"));
  EXPECT_TRUE(fs::exists(dir / ".other.tmp-AbC123"));
}

}  // namespace
}  // namespace klab::base
