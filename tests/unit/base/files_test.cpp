// File primitives: reads that tell absent from unreadable, private directories forced
// to their mode, mode strings.
#include "base/files.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "base/error.hpp"
#include "unit/base/scratch_dir.hpp"

namespace klab::base {
namespace {

namespace fs = std::filesystem;
using testing::perms_of;
using testing::ScratchDir;

TEST(Files, ReadsWholeFilesAndTellsAbsentFromUnreadable) {
  ScratchDir dir;
  EXPECT_EQ(read_file_if_exists(dir / "nope"), std::nullopt);
  std::ofstream(dir / "empty").flush();
  EXPECT_EQ(read_file_if_exists(dir / "empty"), std::string());
  const std::string big(1 << 20, 'k');
  std::ofstream(dir / "big", std::ios::binary) << big;
  EXPECT_EQ(read_file_if_exists(dir / "big"), big);
  EXPECT_THROW(read_file_if_exists(dir.path()), Error);  // a directory is not a file
}

TEST(Files, PrivateDirIsCreatedAndForcedToItsMode) {
  ScratchDir dir;
  const fs::path d = dir / "a" / "b";
  ensure_private_dir(d);
  EXPECT_EQ(perms_of(d), fs::perms(0700));
  fs::permissions(d, fs::perms(0755));
  ensure_private_dir(d);
  EXPECT_EQ(perms_of(d), fs::perms(0700));
  ensure_private_dir(dir / "shared", fs::perms(0750));
  EXPECT_EQ(perms_of(dir / "shared"), fs::perms(0750));
}

TEST(Files, ModesAndTheirText) {
  ScratchDir dir;
  std::ofstream(dir / "f").flush();
  fs::permissions(dir / "f", private_file_mode, fs::perm_options::replace);
  EXPECT_EQ(file_mode(dir / "f"), fs::perms(0600));
  EXPECT_EQ(mode_string(public_file_mode), "0644");
  EXPECT_EQ(mode_string(private_dir_mode), "0700");
  EXPECT_THROW(file_mode(dir / "missing"), Error);
}

}  // namespace
}  // namespace klab::base
