// HostScript's shell protocol, run by the real /bin/sh on this machine: facts, file
// probes (sha256 as OpenSSL computes it), a failing step named in the error.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <fstream>

#include "fixtures/render/default_lab.hpp"
#include "base/error.hpp"
#include "provisioner/deploy/file_sync.hpp"
#include "provisioner/deploy/host_script.hpp"

namespace klab::provisioner {
namespace {

// Runs `sh -s` locally with the script on stdin: the same shell contract as a host.
class LocalShell final : public Transport {
 public:
  const std::string& host() const override { return name_; }

 protected:
  CommandResult do_run(const std::string& command, std::chrono::milliseconds, const std::string& stdin_data) override {
    const std::filesystem::path script = dir_.path() / "script.sh", out = dir_.path() / "out", err = dir_.path() / "err";
    testing::write_text(script, stdin_data);
    const std::string line = command + " < " + script.string() + " > " + out.string() + " 2> " + err.string();
    const int status = std::system(line.c_str());
    CommandResult r;
    r.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.stdout_text = testing::read_text(out);
    r.stderr_text = testing::read_text(err);
    return r;
  }
  void do_upload(const std::vector<FileUpload>&, std::chrono::milliseconds) override {}

 private:
  std::string name_ = "localhost";
  testing::TempDir dir_;
};

TEST(PhaseHostScript, FactsAndFileProbesFollowTheProtocol) {
  testing::TempDir dir;
  const std::string content = "hello\nworld\n";
  testing::write_text(dir.path() / "a.conf", content);
  std::filesystem::permissions(dir.path() / "a.conf", std::filesystem::perms(0640));
  HostScript s;
  s.fact("two_lines", "printf 'x\\ny\\n'");
  s.fact("fails", "false");
  s.probe_file((dir.path() / "a.conf").string());
  s.probe_file((dir.path() / "missing it.conf").string());
  LocalShell shell;
  const ScriptResult r = run_script(shell, "test", s, std::chrono::seconds(10));
  EXPECT_EQ(r.fact("two_lines"), "x y");
  EXPECT_EQ(r.fact("fails"), "");
  const RemoteFile& a = r.files.at((dir.path() / "a.conf").string());
  EXPECT_TRUE(a.exists);
  EXPECT_EQ(a.sha256, sha256_hex(content));
  EXPECT_EQ(a.mode, 0640u);
  EXPECT_FALSE(r.files.at((dir.path() / "missing it.conf").string()).exists);
}

TEST(PhaseHostScript, ManyFilesAreProbedByOneSha256sumAndOneStatWhateverTheirNames) {
  testing::TempDir dir;
  const std::vector<std::string> names = {"plain.conf", "it's here.conf", "odd) = name", "gone.conf", "last.key"};
  HostScript s;
  s.fact("before", "echo first");
  for (const std::string& n : names) {
    if (n != "gone.conf") testing::write_text(dir.path() / n, "content of " + n);
    s.probe_file((dir.path() / n).string());
  }
  std::filesystem::permissions(dir.path() / "last.key", std::filesystem::perms(0600));
  const std::string text = s.text(), empty = HostScript().text();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n') - std::count(empty.begin(), empty.end(), '\n'), 2)
      << "one fact line and one line probing every file:\n" << text;
  LocalShell shell;
  const ScriptResult r = run_script(shell, "test", s, std::chrono::seconds(10));
  EXPECT_EQ(r.fact("before"), "first");
  ASSERT_EQ(r.files.size(), names.size());
  for (const std::string& n : names) {
    const RemoteFile& f = r.files.at((dir.path() / n).string());
    EXPECT_EQ(f.exists, n != "gone.conf") << n;
    if (f.exists) {
      EXPECT_EQ(f.sha256, sha256_hex("content of " + n)) << n;
    }
  }
  EXPECT_EQ(r.files.at((dir.path() / "last.key").string()).mode, 0600u);
}

TEST(PhaseHostScript, StepsAreTimedOnTheHost) {
  HostScript s;
  s.step("quick", "true");
  s.step("slow", "sleep 0.3");
  LocalShell shell;
  const ScriptResult r = run_script(shell, "test", s, std::chrono::seconds(10));
  ASSERT_EQ(r.step_elapsed.size(), 2u);
  ASSERT_TRUE(r.step_elapsed[0] && r.step_elapsed[1]);
  EXPECT_GE(r.step_elapsed[1]->count(), 280);  // /proc/uptime counts in centiseconds
  EXPECT_LT(*r.step_elapsed[0], *r.step_elapsed[1]);
  ASSERT_TRUE(r.guest_elapsed);
  EXPECT_GE(*r.guest_elapsed, *r.step_elapsed[1]);
}

TEST(PhaseHostScript, ParsesTheProtocolAndTrimsFacts) {
  CommandResult c;
  c.stdout_text =
      "B 100.00\nK mods a b \nK empty\nSHA256 (/x y) = abc\nM 640 root etcd /x y\nSHA256 (/only-hash) = def\n"
      "M 600 root root /only-meta\nF - - - - /absent\nS 100.50 one\nstep output\nS 101.25 two\nT 103.00\n";
  const ScriptResult r = parse_script_output(c);
  EXPECT_EQ(r.fact("mods"), "a b");
  EXPECT_EQ(r.fact("empty"), "");
  const RemoteFile& xy = r.files.at("/x y");
  EXPECT_TRUE(xy.exists);
  EXPECT_EQ(xy.sha256, "abc");
  EXPECT_EQ(xy.mode, 0640u);
  EXPECT_EQ(xy.group, "etcd");
  EXPECT_FALSE(r.files.at("/only-hash").exists) << "vanished before stat: treated as absent, re-sent";
  EXPECT_FALSE(r.files.contains("/only-meta"));
  EXPECT_FALSE(r.files.at("/absent").exists);
  ASSERT_EQ(r.step_elapsed.size(), 2u);
  EXPECT_EQ(r.step_elapsed[0], std::chrono::milliseconds(750));
  EXPECT_EQ(r.step_elapsed[1], std::chrono::milliseconds(1750));
  EXPECT_EQ(r.guest_elapsed, std::chrono::milliseconds(3000));
}

TEST(PhaseHostScript, ChangedFilesComparesContentModeAndOwner) {
  std::map<std::string, RemoteFile> remote;
  remote["/a"] = RemoteFile{true, sha256_hex("A"), 0644, "root", "root"};
  remote["/b"] = RemoteFile{true, sha256_hex("B"), 0644, "root", "root"};
  remote["/c"] = RemoteFile{true, sha256_hex("C"), 0600, "root", "root"};
  const std::vector<FileUpload> desired = {{"/a", "A", 0644, "root", "root"},
                                           {"/b", "B2", 0644, "root", "root"},
                                           {"/c", "C", 0600, "etcd", "etcd"},
                                           {"/d", "D", 0644, "root", "root"}};
  std::vector<std::string> changed;
  for (const FileUpload& f : changed_files(desired, remote)) changed.push_back(f.path);
  EXPECT_EQ(changed, (std::vector<std::string>{"/b", "/c", "/d"}));
}

TEST(PhaseHostScript, AFailingStepStopsTheScriptAndIsNamed) {
  HostScript s;
  s.step("first", "echo one");
  s.step("second", "echo 'broken config' >&2; exit 3");
  s.step("third", "echo never");
  LocalShell shell;
  try {
    run_script(shell, "lb", s, std::chrono::seconds(10));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("localhost: phase lb: step \"second\""), std::string::npos) << message;
    EXPECT_NE(message.find("exit 3"), std::string::npos) << message;
    EXPECT_NE(e.detail().find("broken config"), std::string::npos) << e.detail();
    EXPECT_EQ(e.detail().find("never"), std::string::npos) << e.detail();
  }
}

}  // namespace
}  // namespace klab::provisioner
