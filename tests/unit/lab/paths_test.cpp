// The lab directory is klab's private place: refused when someone else owns it or may
// write to it (keys and CA could be planted or read), created 0700 whatever the umask.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/error.hpp"
#include "lab/paths.hpp"
#include "support/private_dir.hpp"

namespace klab::lab {
namespace {

namespace fs = std::filesystem;

std::string refusal(const std::string& lab) {
  try {
    checked_lab_dir(lab);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);  // exit 2
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class LabDirSafety : public ::testing::Test {
 protected:
  klab::testing::PrivateStateRoot root_{"klab-paths-test"};
};

TEST_F(LabDirSafety, MissingDirectoriesAreFineAndMadeOwnerOnly) {
  EXPECT_EQ(refusal("absent"), "");
  const mode_t old = ::umask(002);  // a umask that would leave them group-writable
  const fs::path dir = make_lab_dir("fresh");
  ::umask(old);
  EXPECT_EQ(dir, lab_dir("fresh"));
  EXPECT_EQ(fs::status(dir).permissions() & fs::perms::all, fs::perms::owner_all);
  EXPECT_EQ(refusal("fresh"), "");
  make_lab_dir("fresh");  // again: nothing to do
}

TEST_F(LabDirSafety, StateRootIsMadeOwnerOnlyWhenMissing) {
  klab::testing::ScopedEnv nested("KLAB_STATE_DIR", (root_.path() / "a" / "klab").string());
  const mode_t old = ::umask(002);
  make_lab_dir("l");
  ::umask(old);
  EXPECT_EQ(fs::status(root_.path() / "a" / "klab").permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST_F(LabDirSafety, GroupOrWorldWritableLabDirectoryIsRefused) {
  const fs::path dir = make_lab_dir("open");
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_all | fs::perms::others_all);
  std::string why = refusal("open");
  EXPECT_TRUE(contains(why, "the lab directory " + dir.string() + " is writable by others (mode 0777)")) << why;
  EXPECT_TRUE(contains(why, "chmod go-w " + dir.string())) << why;
  EXPECT_THROW(make_lab_dir("open"), Error);  // up refuses it too rather than fixing it silently
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_write);
  why = refusal("open");
  EXPECT_TRUE(contains(why, "is writable by its group (mode 0720)")) << why;
}

TEST_F(LabDirSafety, LabDirectoryOfAnotherUserIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "SKIPPED: making a directory another user owns needs root";
  const fs::path dir = make_lab_dir("theirs");
  ASSERT_EQ(::chown(dir.c_str(), 65534, 65534), 0);
  const std::string why = refusal("theirs");
  EXPECT_TRUE(contains(why, "the lab directory " + dir.string() + " is owned by uid 65534, not by uid 0")) << why;
}

TEST_F(LabDirSafety, WritableStateRootIsRefused) {
  fs::permissions(root_.path(), fs::perms::owner_all | fs::perms::others_all);
  const std::string why = refusal("any");
  EXPECT_TRUE(contains(why, "the klab state directory " + root_.path().string() + " is writable by others")) << why;
  fs::permissions(root_.path(), fs::perms::owner_all);
}

TEST_F(LabDirSafety, AFileInPlaceOfTheLabDirectoryIsRefused) {
  std::ofstream(lab_dir("file")) << "x";
  EXPECT_TRUE(contains(refusal("file"), "is not a directory")) << refusal("file");
}

}  // namespace
}  // namespace klab::lab
