// ssh, ssh-config, console, logs, snapshot, gc: argument errors in-process through
// klab::cli::run, and the pieces that need no VM (console following, the log bundle's
// framing, the clock command) against real files, processes and OpenSSH.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "cloud-init/lab_keys.hpp"
#include "lab/cli/clock_resync.hpp"
#include "lab/cli/commands.hpp"
#include "lab/lab_lock.hpp"
#include "lab/cli/console_follow.hpp"
#include "lab/cli/logs_export.hpp"
#include "lab/paths.hpp"
#include "lab/presets.hpp"
#include "lab/topology.hpp"
#include "support/private_dir.hpp"

namespace fs = std::filesystem;

namespace {

struct Result {
  int code;
  std::string out, err;
};

Result klab(std::vector<std::string> args) {
  args.insert(args.begin(), "klab");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = klab::cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A private, empty state root (KLAB_STATE_DIR): no lab exists in it.
class StateDir : public testing::Test {
 protected:
  klab::testing::PrivateStateRoot root_{"klab-labcmd-test"};
  const fs::path dir_ = root_.path();
};

// ---- argument errors ---------------------------------------------------------------

TEST(LabCommands, SshToAnUnknownHostListsTheHostsAndExits64) {
  const Result r = klab({"--preset", "ha", "ssh", "kube-mastr1", "--", "true"});
  EXPECT_EQ(r.code, 64) << r.err;
  EXPECT_TRUE(contains(r.err, "lab ha has no host 'kube-mastr1' (did you mean 'kube-master1'?)")) << r.err;
  EXPECT_TRUE(contains(r.err, "kube-master, kube-master1, kube-master2, kube-master3")) << r.err;
}

TEST(LabCommands, SshWithoutAHostIsAUsageError) {
  EXPECT_EQ(klab({"--preset", "ha", "ssh"}).code, 64);
}

TEST_F(StateDir, SshAcceptsTheFqdnAndSaysToRunUpWhenTheLabHasNoKeys) {
  const Result r = klab({"--preset", "ha", "ssh", "kube-master1.example.com", "--", "true"});
  EXPECT_EQ(r.code, 2) << r.err;  // the host was found; the lab does not exist
  EXPECT_TRUE(contains(r.err, "klab up")) << r.err;
}

// Every command that changes the lab takes its lock first: with another command holding
// it, each exits 2 at once and names the holder, having touched nothing.
TEST_F(StateDir, MutatingCommandsRefuseALabAnotherCommandHolds) {
  const klab::lab::LabLock held = klab::lab::LabLock::acquire("ha", "klab deploy");
  const std::vector<std::vector<std::string>> commands = {
      {"up"}, {"down"}, {"deploy"}, {"scenario", "run", "etcd-rejoin"}, {"scenario", "heal"},
      {"snapshot", "save", "s1"}, {"snapshot", "restore", "s1"}, {"snapshot", "rm", "s1"}};
  for (std::vector<std::string> args : commands) {
    args.insert(args.begin(), {"--preset", "ha"});
    const Result r = klab(args);
    EXPECT_EQ(r.code, 2) << args[2] << ": " << r.err;
    EXPECT_TRUE(contains(r.err, "lab ha is busy: `klab deploy` (pid ")) << args[2] << ": " << r.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "ha")) << "no lab directory was created";
}

TEST_F(StateDir, ALabDirectoryOthersMayWriteIsRefusedWithExit2) {
  const fs::path dir = klab::lab::make_lab_dir("single");
  fs::permissions(dir, fs::perms::owner_all | fs::perms::others_all);
  for (const std::vector<std::string>& cmd : {std::vector<std::string>{"--preset", "single", "ssh-config"},
                                             {"--preset", "single", "ssh", "kube-single", "--", "true"},
                                             {"--preset", "single", "down"}}) {
    const Result r = klab(cmd);
    EXPECT_EQ(r.code, 2) << cmd.back() << ": " << r.err;
    EXPECT_TRUE(contains(r.err, "the lab directory " + dir.string() + " is writable by others")) << r.err;
  }
  EXPECT_TRUE(fs::exists(dir));  // down refused before removing anything
}

TEST_F(StateDir, SshConfigWithoutALabSaysToRunUp) {
  const Result r = klab({"--preset", "ha", "ssh-config"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "klab up")) << r.err;
}

TEST(LabCommands, ConsoleOfAnUnknownHostExits64) {
  const Result r = klab({"--preset", "single", "console", "nope"});
  EXPECT_EQ(r.code, 64);
  EXPECT_TRUE(contains(r.err, "its hosts are: kube-single")) << r.err;
}

TEST_F(StateDir, ConsoleWithoutALogSaysTheHostHasNotStarted) {
  const Result r = klab({"--preset", "single", "console", "kube-single"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "has not been started")) << r.err;
}

TEST_F(StateDir, ConsolePrintsTheLogByFqdn) {
  const fs::path log = klab::lab::console_log_path("single", "kube-single");
  fs::create_directories(log.parent_path());
  std::ofstream(log, std::ios::binary) << "[    0.000000] Linux version 6.1\r\nlogin: \x1b[0m";
  const Result r = klab({"--preset", "single", "console", "kube-single.example.com"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "[    0.000000] Linux version 6.1\r\nlogin: \x1b[0m");
}

TEST(LabCommands, SnapshotNeedsAVerbAndANameBeforeTouchingLibvirt) {
  EXPECT_EQ(klab({"--preset", "ha", "snapshot"}).code, 64);
  for (const char* verb : {"save", "restore", "rm"}) {
    const Result r = klab({"--preset", "ha", "snapshot", verb});
    EXPECT_EQ(r.code, 64) << verb;
    EXPECT_TRUE(contains(r.err, "name")) << verb << ": " << r.err;
  }
  EXPECT_EQ(klab({"--preset", "ha", "snapshot", "revert", "x"}).code, 64);
}

TEST(LabCommands, SnapshotNamesAreCheckedBeforeTouchingLibvirt) {
  for (const char* bad : {"../x", "-x", ".hidden", "a b", "x/y"}) {
    const Result r = klab({"--preset", "ha", "snapshot", "save", "--", bad});
    EXPECT_EQ(r.code, 64) << bad << ": " << r.err;
    EXPECT_TRUE(contains(r.err, "invalid snapshot name")) << bad << ": " << r.err;
  }
  const Result r = klab({"--preset", "ha", "snapshot", "restore", std::string(65, 'a')});
  EXPECT_EQ(r.code, 64);
}

TEST(LabCommands, LogsNeedsExportAndADirectory) {
  EXPECT_EQ(klab({"--preset", "ha", "logs"}).code, 64);
  const Result r = klab({"--preset", "ha", "logs", "export"});
  EXPECT_EQ(r.code, 64);
  EXPECT_TRUE(contains(r.err, "dir")) << r.err;
}

TEST(LabCommands, GcAllWithoutYesIsAUsageError) {
  const Result r = klab({"gc", "--all"});
  EXPECT_EQ(r.code, 64);
  EXPECT_TRUE(contains(r.err, "--yes")) << r.err;
}

TEST(LabCommands, HelpShowsExamples) {
  for (const char* cmd : {"ssh", "ssh-config", "console", "snapshot", "gc"}) {
    const Result r = klab({cmd, "--help"});
    EXPECT_EQ(r.code, 0) << cmd;
    EXPECT_TRUE(contains(r.out + r.err, "Examples:")) << cmd;
  }
}

// ---- ssh-config with real OpenSSH --------------------------------------------------

TEST_F(StateDir, SshConfigIsAcceptedByOpenSshAndPinsTheHostKeys) {
  const auto preset = klab::lab::find_preset("ha");
  const klab::lab::Plan plan = klab::lab::resolve(klab::lab::parse_topology(preset->yaml, "preset:ha"));
  const auto keys = klab::cloudinit::ensure_lab_keys(plan, klab::lab::lab_dir("ha"));
  const Result r = klab({"--preset", "ha", "ssh-config"});
  ASSERT_EQ(r.code, 0) << r.err;
  const fs::path known = klab::lab::lab_dir("ha") / "openssh" / "known_hosts";
  EXPECT_TRUE(contains(r.out, "Host kube-master2\n  HostName 192.168.49.152\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "UserKnownHostsFile " + known.string())) << r.out;
  const std::string pinned = slurp(known);
  std::istringstream fields(keys.host_key("kube-master3").public_key);
  std::string type, blob;
  fields >> type >> blob;
  EXPECT_TRUE(contains(pinned, "kube-master3 " + type + " " + blob)) << pinned;

  // `ssh -G` resolves the configuration exactly as a login would, without connecting.
  const fs::path config = dir_ / "printed.cfg";
  std::ofstream(config) << r.out;
  const std::string cmd = "ssh -G -F " + config.string() + " kube-master1 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string resolved;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) resolved.append(buf, n);
  ASSERT_EQ(::pclose(p), 0) << resolved;
  for (const std::string& want : std::vector<std::string>{"hostname 192.168.49.151", "user root", "stricthostkeychecking true",
                                 "hostkeyalias kube-master1", "userknownhostsfile " + known.string(),
                                 "identityfile " + keys.client_private_key.string()})
    EXPECT_TRUE(contains(resolved, want + "\n")) << want << "\n" << resolved;
}

// ---- console --follow --------------------------------------------------------------

// Collects what follow_file prints and lets the test wait for a given text.
class Collected {
 public:
  void add(std::string_view s) {
    std::lock_guard lock(m_);
    text_ += s;
    cv_.notify_all();
  }
  bool wait_for(const std::string& want, std::chrono::seconds within = std::chrono::seconds(5)) {
    std::unique_lock lock(m_);
    return cv_.wait_for(lock, within, [&] { return text_ == want; });
  }
  std::string text() {
    std::lock_guard lock(m_);
    return text_;
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::string text_;
};

void append(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary | std::ios::app) << s; }

TEST_F(StateDir, FollowPrintsAppendsTruncationsAndReplacementsUntilStopped) {
  const fs::path log = dir_ / "console" / "h.log";
  fs::create_directories(log.parent_path());
  append(log, "boot 1\n");
  int stop[2];
  ASSERT_EQ(::pipe(stop), 0);
  Collected seen;
  std::exception_ptr failure;
  std::thread follower([&] {
    try {
      klab::cli::follow_file(log, [&](std::string_view s) { seen.add(s); }, stop[0]);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  EXPECT_TRUE(seen.wait_for("boot 1\n")) << seen.text();
  append(log, "more");
  EXPECT_TRUE(seen.wait_for("boot 1\nmore")) << seen.text();
  append(log, " lines\n");
  EXPECT_TRUE(seen.wait_for("boot 1\nmore lines\n")) << seen.text();
  // The domain restarts: the log is truncated and written from the top.
  { std::ofstream(log, std::ios::binary | std::ios::trunc) << "boot 2\n"; }
  EXPECT_TRUE(seen.wait_for("boot 1\nmore lines\nboot 2\n")) << seen.text();
  // The lab is recreated: a new file replaces the old one.
  const fs::path tmp = dir_ / "console" / "h.log.new";
  std::ofstream(tmp, std::ios::binary) << "boot 3\n";
  fs::rename(tmp, log);
  EXPECT_TRUE(seen.wait_for("boot 1\nmore lines\nboot 2\nboot 3\n")) << seen.text();
  ASSERT_EQ(::write(stop[1], "x", 1), 1);
  follower.join();
  ::close(stop[0]);
  ::close(stop[1]);
  EXPECT_FALSE(failure);
}

TEST_F(StateDir, FollowWaitsForAFileThatDoesNotExistYet) {
  const fs::path log = dir_ / "late.log";
  int stop[2];
  ASSERT_EQ(::pipe(stop), 0);
  Collected seen;
  std::thread follower([&] { klab::cli::follow_file(log, [&](std::string_view s) { seen.add(s); }, stop[0]); });
  append(log, "finally\n");
  EXPECT_TRUE(seen.wait_for("finally\n")) << seen.text();
  ASSERT_EQ(::write(stop[1], "x", 1), 1);
  follower.join();
  ::close(stop[0]);
  ::close(stop[1]);
}

TEST(LabCommands, FollowOfADirectoryThatDoesNotExistSaysToRunUp) {
  try {
    klab::cli::follow_file("/nonexistent-klab-dir/console/h.log", [](std::string_view) {}, 0);
    FAIL() << "no error";
  } catch (const klab::Error& e) {
    EXPECT_TRUE(contains(e.what(), "klab up")) << e.what();
  }
}

// ---- logs export framing -----------------------------------------------------------

TEST(LabCommands, GuestSectionsParseBinaryContentAndExitStatus) {
  using namespace std::string_literals;
  const std::string out = "@@klab-section a.log 0 5\nab\0\nc"s + "@@klab-section b.txt 127 0\n";
  const auto s = klab::cli::parse_guest_sections(std::string_view(out.data(), out.size()));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].name, "a.log");
  EXPECT_EQ(s[0].content, std::string("ab\0\nc", 5));
  EXPECT_EQ(s[1].name, "b.txt");
  EXPECT_EQ(s[1].exit_status, 127);
  EXPECT_EQ(s[1].content, "");
}

TEST(LabCommands, MalformedGuestSectionsAreErrors) {
  for (const char* bad : {"garbage", "@@klab-section a 0 10\nshort", "@@klab-section a 0\n",
                          "@@klab-section ../x 0 0\n", "@@klab-section a x 0\n"})
    EXPECT_THROW(klab::cli::parse_guest_sections(bad), klab::Error) << bad;
}

// The real script, run by a real shell here: every section framed, whatever each
// command's outcome on this machine.
TEST(LabCommands, GuestCollectScriptFramesEverySection) {
  const std::string script = klab::cli::guest_collect_script(50);
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
  const auto sections = klab::cli::parse_guest_sections(out);
  std::vector<std::string> names;
  for (const auto& s : sections) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"cloud-init.log", "cloud-init-output.log", "cloud-init-status.json",
                                             "cloud-init-result.json",
                                             "journal.txt", "systemd-analyze-blame.txt", "systemd-analyze.txt",
                                             "failed-units.txt"}));
}

// ---- clock resync ------------------------------------------------------------------

TEST(LabCommands, ClockStepIsRelativeWithAnAbsoluteFallbackThenSamples) {
  using namespace std::chrono;
  const system_clock::time_point t{duration_cast<system_clock::duration>(seconds(1700000000) + nanoseconds(5007))};
  const std::string cmd = klab::cli::clock_step_command(nanoseconds(-1500000000), t);
  EXPECT_TRUE(contains(cmd, "syscall(159,")) << cmd;  // adjtimex
  EXPECT_TRUE(contains(cmd, "0x2100")) << cmd;        // ADJ_SETOFFSET | ADJ_NANO
  EXPECT_TRUE(contains(cmd, "' -- -1500000000 ||")) << cmd;
  EXPECT_TRUE(contains(cmd, "date -s @1700000000.000005007 ")) << cmd;
  EXPECT_TRUE(contains(cmd, "chronyc -a makestep")) << cmd;
  EXPECT_TRUE(contains(cmd, klab::cli::clock_sample_command())) << cmd;
}

// The step's perl, run here with syscall() stubbed out: the struct timex it packs
// must carry the offset normalised to {seconds, 0 <= nanoseconds < 1e9} at byte 72.
TEST(LabCommands, ClockStepPacksTheOffsetForAdjtimex) {
  const std::string cmd = klab::cli::clock_step_command(std::chrono::nanoseconds(-1500000000), {});
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
TEST(LabCommands, ClockSetAddsTheTimeSinceTheShellStarted) {
  using namespace std::chrono;
  const auto sent = system_clock::now();
  const std::string cmd = klab::cli::clock_set_command(sent);
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

TEST(LabCommands, LagSamplerPairsLinesWithArrivalTimes) {
  using namespace std::chrono;
  const system_clock::time_point base{seconds(1700000000)};
  klab::cli::LagSampler s;
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
TEST(LabCommands, ClockSamplesOfThisHostShowNoLag) {
  for (const char* shell : {"bash", "sh"}) {
    const std::string cmd = std::string(shell) + " -c '" + klab::cli::clock_sample_command(2) + "'";
    FILE* p = ::popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    klab::cli::LagSampler s;
    char buf[256];
    while (std::fgets(buf, sizeof buf, p)) s.feed(buf, std::chrono::system_clock::now());
    EXPECT_EQ(::pclose(p), 0);
    ASSERT_TRUE(s.min_lag_ms()) << shell;
    EXPECT_GE(*s.min_lag_ms(), 0.0) << shell;
    EXPECT_LT(*s.min_lag_ms(), 500.0) << shell;
  }
}

TEST(LabCommands, EpochParsing) {
  using namespace std::chrono;
  EXPECT_EQ(klab::cli::parse_epoch("1700000000.123456789\n").time_since_epoch(),
            duration_cast<system_clock::duration>(seconds(1700000000) + nanoseconds(123456789)));
  EXPECT_EQ(klab::cli::parse_epoch("12.5").time_since_epoch(), duration_cast<system_clock::duration>(milliseconds(12500)));
  EXPECT_EQ(klab::cli::parse_epoch("1700000000.123456").time_since_epoch(),  // $EPOCHREALTIME
            duration_cast<system_clock::duration>(seconds(1700000000) + microseconds(123456)));
  for (const char* bad : {"", "abc", "12", "12.", ".5", "date: invalid"})
    EXPECT_THROW(klab::cli::parse_epoch(bad), klab::Error) << bad;
}

// The skew an actual `date +%s.%N` shows against this host's clock is what the
// resync measures; here both are the same clock, so it must be tiny.
TEST(LabCommands, EpochOfRealDateMatchesTheSystemClock) {
  FILE* p = ::popen("date +%s.%N", "r");
  ASSERT_NE(p, nullptr);
  char buf[64] = {};
  ASSERT_NE(std::fgets(buf, sizeof buf, p), nullptr);
  ::pclose(p);
  const auto skew = std::chrono::system_clock::now() - klab::cli::parse_epoch(buf);
  EXPECT_LT(std::chrono::abs(skew), std::chrono::seconds(2));
}

// ---- scenario heal -----------------------------------------------------------------

TEST_F(StateDir, ScenarioHealWithNothingRecordedSaysSoAndTouchesNothing) {
  const Result r = klab({"--preset", "single", "scenario", "heal"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "no fault of an interrupted run is recorded for lab")) << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "single" / "faults.json"));
}

TEST_F(StateDir, ScenarioHealReadsACorruptLedgerAsAnErrorNamingIt) {
  fs::create_directories(dir_ / "single");
  std::ofstream(dir_ / "single" / "faults.json") << "{\"faults\": [";
  const Result r = klab({"--preset", "single", "scenario", "heal"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "faults.json is unreadable")) << r.err;
}

}  // namespace
