#include <gtest/gtest.h>

#include "images/recipe.hpp"
#include "temp_cache.hpp"

namespace klab::images {
namespace {

using testing::TempDir;
using testing::write_file;

Recipe bookworm() {
  Recipe r;
  r.suite = "bookworm";
  return r;
}

TEST(Mirror, RecipeMirrorWins) {
  Recipe r = bookworm();
  r.mirror = "http://mirror.example/debian";
  EXPECT_EQ(effective_mirror(r, "/nonexistent"), "http://mirror.example/debian");
}

TEST(Mirror, FallsBackToDebDebianOrg) {
  TempDir apt;
  EXPECT_EQ(effective_mirror(bookworm(), apt.path()), "http://deb.debian.org/debian");
}

TEST(Mirror, Deb822SourcesSkippingSecurityAndDisabled) {
  TempDir apt;
  write_file(apt.path() / "sources.list.d/debian.sources", R"(Types: deb
URIs: http://security.example/debian-security
Suites: bookworm-security
Components: main

Types: deb
URIs: http://disabled.example/debian
Suites: bookworm
Enabled: no

Types: deb-src deb
# a comment
URIs: http://local.mirror/debian/
Suites: bookworm bookworm-updates
Components: main
)");
  EXPECT_EQ(effective_mirror(bookworm(), apt.path()), "http://local.mirror/debian");
}

TEST(Mirror, OneLineFormatWithOptions) {
  TempDir apt;
  write_file(apt.path() / "sources.list",
             "# deb http://commented.example/debian bookworm main\n"
             "deb-src http://src.example/debian bookworm main\n"
             "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://proxy:3142/debian bookworm main\n");
  EXPECT_EQ(effective_mirror(bookworm(), apt.path()), "http://proxy:3142/debian");
}

TEST(Mirror, OtherSuitesAndDisabledFilesAreIgnored) {
  TempDir apt;
  write_file(apt.path() / "sources.list.d/nodesource.list.disabled", "deb http://node.example/ bookworm main\n");
  write_file(apt.path() / "sources.list.d/other.list", "deb http://other.example/debian trixie main\n");
  EXPECT_EQ(effective_mirror(bookworm(), apt.path()), "http://deb.debian.org/debian");
}

}  // namespace
}  // namespace klab::images
