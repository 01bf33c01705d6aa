// Building remote command lines: quoting (checked with a real sh), the host-side
// deadline wrapper, deadline arithmetic.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>

#include "provisioner/transport/deadline.hpp"
#include "provisioner/transport/remote_deadline.hpp"
#include "provisioner/transport/shell_quote.hpp"
#include "provisioner/transport/transport.hpp"

namespace klab::provisioner {
namespace {

using namespace std::chrono_literals;

std::string sh_output(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  char buf[256];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

TEST(ShellQuote, SurvivesARealShellUnchanged) {
  for (const std::string word : {"plain", "", "two words", "it's", "'", "''", "$HOME `id` $(id)", "a\\b",
                                 "line\nbreak", "*?[]{}~#&;|<>!", "\"double\""}) {
    EXPECT_EQ(sh_output("printf '%s' " + shell_quote(word)), word) << shell_quote(word);
  }
  EXPECT_EQ(sh_output("printf '[%s]' " + shell_join({"a b", "c'd", ""})), "[a b][c'd][]");
}

TEST(RemoteDeadline, WrapsFiniteDeadlinesOnly) {
  EXPECT_EQ(with_remote_deadline("echo 'hi'", 1500ms),
            "exec timeout -s KILL 1.500s env SHLVL=1 \"${SHELL:-/bin/sh}\" -c 'echo '\\''hi'\\'''");
  EXPECT_EQ(with_remote_deadline("true", 0ms).find("timeout -s KILL 0.001s"), 5u);
  EXPECT_EQ(with_remote_deadline("echo x", no_deadline), "echo x");
}

TEST(RemoteDeadline, KeepsExitStatusAndOutputLocally) {
  // The wrapper run by a local sh behaves like the bare command.
  const std::string wrapped = with_remote_deadline("echo out; echo err >&2; exit 3", 10s);
  FILE* p = ::popen(("SHELL=/bin/sh; export SHELL; " + wrapped + " 2>&1").c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[64];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = ::pclose(p);
  EXPECT_EQ(out, "out\nerr\n");
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3);
}

TEST(Deadline, SaturatesAndFormats) {
  EXPECT_EQ(deadline_after(no_deadline), std::chrono::steady_clock::time_point::max());
  EXPECT_EQ(remaining(deadline_after(no_deadline)), std::chrono::milliseconds::max());
  EXPECT_GT(remaining(deadline_after(5s)), 4900ms);
  EXPECT_LE(remaining(deadline_after(0ms)), 0ms);
  EXPECT_EQ(format_duration(850ms), "850ms");
  EXPECT_EQ(format_duration(2400ms), "2.4s");
  EXPECT_EQ(format_duration(185s), "3m05s");
}

TEST(TransportHelpers, SummariesAndTails) {
  EXPECT_EQ(command_summary("a\nb"), "a b");
  EXPECT_EQ(command_summary(std::string(200, 'x'), 10), "xxxxxxx...");
  std::string many;
  for (int i = 0; i < 30; ++i) many += "line " + std::to_string(i) + "\n";
  const std::string tail = output_tail(many, "", 3);
  EXPECT_EQ(tail, "stdout (last lines):\n  line 27\n  line 28\n  line 29\n");
  EXPECT_EQ(output_tail("", ""), "(no output)\n");
}

}  // namespace
}  // namespace klab::provisioner
