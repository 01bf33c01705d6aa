// The guest clock resync after a snapshot restore: the commands it sends (checked as
// text and run by a real shell and perl on this host), the lag sampler and parsing.
#include <gtest/gtest.h>

#include <cstdio>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "ops/clock_resync.hpp"
#include "support/private_dir.hpp"

namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(ClockResync, ClockStepIsRelativeWithAnAbsoluteFallbackThenSamples) {
  using namespace std::chrono;
  const system_clock::time_point t{duration_cast<system_clock::duration>(seconds(1700000000) + nanoseconds(5007))};
  const std::string cmd = klab::ops::clock_step_command(nanoseconds(-1500000000), t);
  EXPECT_TRUE(contains(cmd, "syscall(159,")) << cmd;  // adjtimex
  EXPECT_TRUE(contains(cmd, "0x2100")) << cmd;        // ADJ_SETOFFSET | ADJ_NANO
  EXPECT_TRUE(contains(cmd, "' -- -1500000000 ||")) << cmd;
  EXPECT_TRUE(contains(cmd, "date -s @1700000000.000005007 ")) << cmd;
  EXPECT_TRUE(contains(cmd, "chronyc -a makestep")) << cmd;
  EXPECT_TRUE(contains(cmd, klab::ops::clock_sample_command())) << cmd;
}

// The step's perl, run here with syscall() stubbed out: the struct timex it packs
// must carry the offset normalised to {seconds, 0 <= nanoseconds < 1e9} at byte 72.
TEST(ClockResync, ClockStepPacksTheOffsetForAdjtimex) {
  const std::string cmd = klab::ops::clock_step_command(std::chrono::nanoseconds(-1500000000), {});
  const std::size_t a = cmd.find("perl -e '") + 9, b = cmd.find("' --", a);
  std::string perl = cmd.substr(a, b - a);
  const std::size_t call = perl.find("syscall(159,$b)>=0");
  ASSERT_NE(call, std::string::npos) << perl;
  perl.replace(call, 18, "print(join(\",\",unpack(\"L x68 q q\",$b)),\" \",length($b))");
  const fs::path work = klab::testing::make_private_dir("klab-step"), file = work / "step.pl";
  std::ofstream(file) << perl;
  FILE* p = ::popen(("perl " + file.string() + " -1500000000").c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[256] = {};
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, p);
  ::pclose(p);
  fs::remove_all(work);
  EXPECT_EQ(std::string(buf, n), "8448,-2,500000000 208");  // 0x2100; -1.5 s = -2 s + 0.5 s
}

// Runs the perl of a clock command here with its clock-changing syscall replaced by
// `replacement`, and returns what it prints.
std::string run_perl_of(const std::string& cmd, const std::string& syscall_prefix, const std::string& replacement,
                        const std::string& args, const std::string& sshd_comm = "sshd") {
  const std::size_t a = cmd.find("perl -e '") + 9, b = cmd.find("' --", a);
  std::string perl = cmd.substr(a, b - a);
  const std::size_t call = perl.find(syscall_prefix);
  if (call == std::string::npos) return "no " + syscall_prefix + " in " + perl;
  perl.replace(call, perl.find(" or die", call) - call, replacement);
  if (const std::size_t at = perl.find("/^sshd/"); at != std::string::npos) perl.replace(at, 7, "/^" + sshd_comm + "/");
  const fs::path work = klab::testing::make_private_dir("klab-perl"), file = work / "perl.pl";
  std::ofstream(file) << perl;
  FILE* p = ::popen(("sh -c 'perl " + file.string() + " " + args + "; true'").c_str(), "r");
  std::string out;
  char buf[256];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  fs::remove_all(work);
  return out;
}

// The set: this host's time plus the time since the process below the topmost "sshd"
// (here: the `sh` below this test binary) started; the value handed to clock_settime
// shows it.
TEST(ClockResync, ClockSetAddsTheTimeSinceTheShellStarted) {
  using namespace std::chrono;
  const auto sent = system_clock::now();
  const std::string cmd = klab::ops::clock_set_command(sent);
  EXPECT_TRUE(contains(cmd, "syscall(227,0,")) << cmd;  // clock_settime(CLOCK_REALTIME)
  EXPECT_TRUE(contains(cmd, "|| date -s @")) << cmd;
  std::string self = slurp("/proc/self/comm");
  self = self.substr(0, self.find('\n'));
  const long long ns = duration_cast<nanoseconds>(sent.time_since_epoch()).count();
  const std::string out = run_perl_of(cmd, "syscall(227", "print(join(\",\",unpack(\"q q\",pack(\"q q\",$s,$n))),\"\\n\")",
                                      std::to_string(ns), self);
  long long sec = 0, nsec = -1;
  ASSERT_EQ(std::sscanf(out.c_str(), "%lld,%lld", &sec, &nsec), 2) << out;
  const auto set = seconds(sec) + nanoseconds(nsec);
  const auto added = set - nanoseconds(ns);
  EXPECT_GE(added, milliseconds(5)) << out;   // at least the half tick it adds
  EXPECT_LT(added, seconds(3)) << out;        // and not the age of some ancestor
  EXPECT_TRUE(contains(out, "@@behind ")) << out;
}

TEST(ClockResync, LagSamplerPairsLinesWithArrivalTimes) {
  using namespace std::chrono;
  const system_clock::time_point base{seconds(1700000000)};
  klab::ops::LagSampler s;
  EXPECT_FALSE(s.min_lag_ms());
  s.feed("@@t 1699999998.000000\n@@chr", base);             // 2000 ms behind
  s.feed("ony\n@@t 1699999998.5", base + milliseconds(600));   // line split across chunks
  s.feed("\n", base + milliseconds(700));                      // 2200 ms
  ASSERT_TRUE(s.min_lag_ms());
  EXPECT_NEAR(*s.min_lag_ms(), 2000.0, 0.01);
  EXPECT_NEAR(s.spread_ms(), 200.0, 0.01);
  EXPECT_EQ(s.other_lines(), std::vector<std::string>{"@@chrony"});
}

// The sampling command, run by real shells here: bash uses $EPOCHREALTIME, sh falls
// back to date; either way the samples match this host's clock.
TEST(ClockResync, ClockSamplesOfThisHostShowNoLag) {
  for (const char* shell : {"bash", "sh"}) {
    const std::string cmd = std::string(shell) + " -c '" + klab::ops::clock_sample_command(2) + "'";
    FILE* p = ::popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    klab::ops::LagSampler s;
    char buf[256];
    while (std::fgets(buf, sizeof buf, p)) s.feed(buf, std::chrono::system_clock::now());
    EXPECT_EQ(::pclose(p), 0);
    ASSERT_TRUE(s.min_lag_ms()) << shell;
    EXPECT_GE(*s.min_lag_ms(), 0.0) << shell;
    EXPECT_LT(*s.min_lag_ms(), 500.0) << shell;
  }
}

TEST(ClockResync, EpochParsing) {
  using namespace std::chrono;
  EXPECT_EQ(klab::ops::parse_epoch("1700000000.123456789\n").time_since_epoch(),
            duration_cast<system_clock::duration>(seconds(1700000000) + nanoseconds(123456789)));
  EXPECT_EQ(klab::ops::parse_epoch("12.5").time_since_epoch(), duration_cast<system_clock::duration>(milliseconds(12500)));
  EXPECT_EQ(klab::ops::parse_epoch("1700000000.123456").time_since_epoch(),  // $EPOCHREALTIME
            duration_cast<system_clock::duration>(seconds(1700000000) + microseconds(123456)));
  for (const char* bad : {"", "abc", "12", "12.", ".5", "date: invalid"})
    EXPECT_THROW(klab::ops::parse_epoch(bad), klab::Error) << bad;
}

// The skew an actual `date +%s.%N` shows against this host's clock is what the
// resync measures; here both are the same clock, so it must be tiny.
TEST(ClockResync, EpochOfRealDateMatchesTheSystemClock) {
  FILE* p = ::popen("date +%s.%N", "r");
  ASSERT_NE(p, nullptr);
  char buf[64] = {};
  ASSERT_NE(std::fgets(buf, sizeof buf, p), nullptr);
  ::pclose(p);
  const auto skew = std::chrono::system_clock::now() - klab::ops::parse_epoch(buf);
  EXPECT_LT(std::chrono::abs(skew), std::chrono::seconds(2));
}

}  // namespace
