// ssh, ssh-config, console, logs, snapshot, gc, scenario heal: argument errors and
// what needs no VM, in-process through klab::cli::run (the operations behind them are
// tested in tests/unit/ops).
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cloud-init/lab_keys.hpp"
#include "cli/commands.hpp"
#include "unit/cli/run_klab.hpp"
#include "lab/lab_lock.hpp"
#include "lab/paths.hpp"
#include "lab/presets.hpp"
#include "lab/topology.hpp"
#include "support/private_dir.hpp"

namespace fs = std::filesystem;

namespace {

using Result = klab::testing::CliResult;

Result klab(std::vector<std::string> args) { return klab::testing::run_klab(std::move(args)); }

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
