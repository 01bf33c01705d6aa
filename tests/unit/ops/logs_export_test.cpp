// `klab logs export`: the framing of what the guest collect script prints, parsed back,
// and the real script run by a real shell.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "ops/logs_export.hpp"
#include "support/private_dir.hpp"

namespace fs = std::filesystem;

namespace {

TEST(LogsExport, GuestSectionsParseBinaryContentAndExitStatus) {
  using namespace std::string_literals;
  const std::string out = "@@klab-section a.log 0 5\nab\0\nc"s + "@@klab-section b.txt 127 0\n";
  const auto s = klab::ops::parse_guest_sections(std::string_view(out.data(), out.size()));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].name, "a.log");
  EXPECT_EQ(s[0].content, std::string("ab\0\nc", 5));
  EXPECT_EQ(s[1].name, "b.txt");
  EXPECT_EQ(s[1].exit_status, 127);
  EXPECT_EQ(s[1].content, "");
}

TEST(LogsExport, MalformedGuestSectionsAreErrors) {
  for (const char* bad : {"garbage", "@@klab-section a 0 10\nshort", "@@klab-section a 0\n",
                          "@@klab-section ../x 0 0\n", "@@klab-section a x 0\n"})
    EXPECT_THROW(klab::ops::parse_guest_sections(bad), klab::Error) << bad;
}

// The real script, run by a real shell here: every section framed, whatever each
// command's outcome on this machine.
TEST(LogsExport, GuestCollectScriptFramesEverySection) {
  const std::string script = klab::ops::guest_collect_script(50);
  const fs::path work = klab::testing::make_private_dir("klab-collect"), file = work / "collect.sh";
  std::ofstream(file) << script;
  const std::string cmd = "sh " + file.string();
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[65536];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0);
  fs::remove_all(work);
  const auto sections = klab::ops::parse_guest_sections(out);
  std::vector<std::string> names;
  for (const auto& s : sections) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"cloud-init.log", "cloud-init-output.log", "cloud-init-status.json",
                                             "cloud-init-result.json",
                                             "journal.txt", "systemd-analyze-blame.txt", "systemd-analyze.txt",
                                             "failed-units.txt"}));
}

}  // namespace
