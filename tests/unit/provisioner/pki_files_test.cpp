// The file primitives under the PKI: exact modes whatever the umask, atomic
// replacement without leftovers, absent versus unreadable.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "pki_test_support.hpp"
#include "provisioner/pki/files.hpp"

namespace klab::provisioner::pki {
namespace {

namespace fs = std::filesystem;

fs::perms mode_of(const fs::path& p) { return fs::status(p).permissions() & fs::perms::mask; }

struct Umask {
  explicit Umask(mode_t m) : old(::umask(m)) {}
  ~Umask() { ::umask(old); }
  mode_t old;
};

TEST(PkiFiles, WritesExactModesWhateverTheUmask) {
  pkitest::ScratchDir dir;
  Umask permissive(0);
  write_file_atomic(dir.path() / "k", "secret", private_file_mode);
  write_file_atomic(dir.path() / "c", "public", public_file_mode);
  EXPECT_EQ(mode_of(dir.path() / "k"), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(mode_string(mode_of(dir.path() / "c")), "0644");
  Umask strict(077);
  write_file_atomic(dir.path() / "c2", "public", public_file_mode);
  EXPECT_EQ(mode_string(mode_of(dir.path() / "c2")), "0644");
}

TEST(PkiFiles, ReplacesAtomicallyAndLeavesNoTemporaryFile) {
  pkitest::ScratchDir dir;
  const fs::path f = dir.path() / "ca.crt";
  write_file_atomic(f, "one", public_file_mode);
  write_file_atomic(f, "two", private_file_mode);
  EXPECT_EQ(pkitest::slurp(f), "two");
  EXPECT_EQ(mode_string(mode_of(f)), "0600");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

// save_pair stages a key and a certificate before publishing either, so a failure in
// between must leave neither file nor temporary behind.
TEST(PkiFiles, AStagedFileIsInvisibleUntilPublishedAndGoneIfNever) {
  pkitest::ScratchDir dir;
  const fs::path f = dir.path() / "ca.key";
  {
    StagedFile staged(f, "key", private_file_mode);
    EXPECT_FALSE(fs::exists(f));
  }
  EXPECT_TRUE(fs::is_empty(dir.path()));
  StagedFile staged(f, "key", private_file_mode);
  staged.publish();
  EXPECT_EQ(pkitest::slurp(f), "key");
  EXPECT_EQ(mode_string(mode_of(f)), "0600");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(PkiFiles, AWriteIntoAMissingDirectoryNamesTheFile) {
  pkitest::ScratchDir dir;
  const fs::path f = dir.path() / "nope" / "x.key";
  try {
    write_file_atomic(f, "x", private_file_mode);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr(f.string()));
  }
}

TEST(PkiFiles, ReadTellsAbsentFromPresent) {
  pkitest::ScratchDir dir;
  EXPECT_EQ(read_file_if_exists(dir.path() / "missing"), std::nullopt);
  pkitest::spew(dir.path() / "empty", "");
  EXPECT_EQ(read_file_if_exists(dir.path() / "empty"), std::string());
  EXPECT_THROW(read_file_if_exists(dir.path()), Error);  // a directory is not a file
}

TEST(PkiFiles, PrivateDirIsForcedTo0700) {
  pkitest::ScratchDir dir;
  const fs::path d = dir.path() / "a" / "b";
  fs::create_directories(d);
  fs::permissions(d, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_exec);
  ensure_private_dir(d);
  EXPECT_EQ(mode_of(d), fs::perms::owner_all);
  ensure_private_dir(dir.path() / "new" / "deeper");
  EXPECT_EQ(mode_of(dir.path() / "new" / "deeper"), fs::perms::owner_all);
}

}  // namespace
}  // namespace klab::provisioner::pki
