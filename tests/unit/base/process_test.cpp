#include "base/process.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace klab::base {
namespace {

TEST(Process, CapturesOutputAndExitCode) {
  ProcessResult r = run_process({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.output, "out\n");
  EXPECT_EQ(r.errors, "err\n");
  EXPECT_FALSE(r.ok());
}

TEST(Process, ArgumentsAreNeverShellSyntax) {
  EXPECT_EQ(run_checked({"echo", "$(id)", "; rm -rf /", "`x`"}), "$(id) ; rm -rf / `x`\n");
}

TEST(Process, EnvironmentAndWorkingDirectory) {
  ProcessOptions o;
  o.env = {"KLAB_TEST_VAR=hello world"};
  o.cwd = "/";
  EXPECT_EQ(run_checked({"sh", "-c", "echo \"$KLAB_TEST_VAR\"; pwd"}, o), "hello world\n/\n");
}

TEST(Process, LineCallbackSeesEveryLine) {
  std::vector<std::string> lines;
  ProcessOptions o;
  o.on_line = [&](std::string_view l) { lines.emplace_back(l); };
  run_checked({"sh", "-c", "printf 'a\\nb\\n'; printf 'c' >&2"}, o);
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Process, LargeOutputDoesNotDeadlock) {
  ProcessResult r = run_process({"sh", "-c", "head -c 3000000 /dev/zero; head -c 3000000 /dev/zero >&2"});
  EXPECT_EQ(r.output.size(), 3000000u);
  EXPECT_TRUE(r.ok());
}

TEST(Process, MissingProgramSaysWhatToInstall) {
  try {
    run_process({"klab-no-such-program"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_NE(std::string(e.what()).find("klab-no-such-program"), std::string::npos);
  }
  EXPECT_THROW(run_process({"/nonexistent/prog"}), Error);
}

TEST(Process, FailureCarriesCommandAndStderr) {
  try {
    run_checked({"sh", "-c", "echo first >&2; echo 'the reason' >&2; exit 5"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "sh failed with exit status 5: the reason");
    EXPECT_NE(e.detail().find("sh -c"), std::string::npos);
    EXPECT_NE(e.detail().find("first"), std::string::npos);
  }
}

TEST(Process, KilledBySignal) { EXPECT_EQ(run_process({"sh", "-c", "kill -TERM $$"}).exit_code, 128 + 15); }

TEST(Process, FindsProgramsLikeExecWould) {
  EXPECT_EQ(find_program("/no/such/dir/prog"), "/no/such/dir/prog");  // a path is taken as given
  const std::optional<std::string> sh = find_program("sh");
  ASSERT_TRUE(sh);
  EXPECT_TRUE(sh->ends_with("/sh")) << *sh;
  EXPECT_EQ(find_program("klab-no-such-program"), std::nullopt);
}

TEST(Process, DescribeQuotesWhatNeedsIt) {
  EXPECT_EQ(describe_command({"mmdebstrap", "--include=a,b", "it's here", ""}),
            "mmdebstrap --include=a,b 'it'\\''s here' ''");
}

}  // namespace
}  // namespace klab::base
