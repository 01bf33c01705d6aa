// SshTransport::run against a real OpenSSH server on 127.0.0.1.
#include <gtest/gtest.h>
#include <unistd.h>

#include <random>
#include <thread>

#include "base/error.hpp"
#include "provisioner/transport/remote_command.hpp"
#include "provisioner/transport/ssh_transport.hpp"
#include "ssh_test_target.hpp"

namespace klab::provisioner {
namespace {

using namespace std::chrono_literals;
using klab::testing::SshdServer;
using testing::target_for;

class SshRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!SshdServer::unavailable_reason().empty()) return;
    sshd_ = new SshdServer();
    sshd_->start();
  }
  static void TearDownTestSuite() {
    delete sshd_;
    sshd_ = nullptr;
  }
  void SetUp() override { KLAB_REQUIRE_SSHD(); }

  static SshdServer* sshd_;
};
SshdServer* SshRun::sshd_ = nullptr;

TEST_F(SshRun, ReturnsExitStatusStdoutAndStderrExactly) {
  SshTransport t(target_for(*sshd_));
  CommandResult r = t.run("printf 'out 1\\nout 2'; printf 'err\\000bin\\n' >&2; exit 3", 10s);
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_EQ(r.stdout_text, "out 1\nout 2");
  EXPECT_EQ(r.stderr_text, std::string("err\0bin\n", 8));
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.exit_signal.empty());
  EXPECT_EQ(t.run("true", 10s).exit_status, 0);
}

TEST_F(SshRun, DeliversStdinBinarySafe) {
  SshTransport t(target_for(*sshd_));
  std::string input(3 * 1024 * 1024 + 17, '\0');  // larger than one SSH window
  std::mt19937 rng(42);
  for (char& c : input) c = static_cast<char>(rng() & 0xff);
  CommandResult r = t.run("cat", 30s, input);
  ASSERT_EQ(r.exit_status, 0) << r.stderr_text;
  EXPECT_EQ(r.stdout_text.size(), input.size());
  EXPECT_TRUE(r.stdout_text == input);
  EXPECT_EQ(t.run("wc -c", 10s, "hello\n").stdout_text, "6\n");
}

TEST_F(SshRun, CollectsLargeInterleavedOutput) {
  SshTransport t(target_for(*sshd_));
  CommandResult r = t.run("head -c 4000000 /dev/zero; head -c 3000000 /dev/zero >&2; echo end", 30s);
  ASSERT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.stdout_text.size(), 4000000u + 4u);
  EXPECT_EQ(r.stderr_text.size(), 3000000u);
}

TEST_F(SshRun, CommandKilledBySignalReportsIt) {
  SshTransport t(target_for(*sshd_));
  CommandResult r = t.run("kill -TERM $$", 10s);
  EXPECT_EQ(r.exit_signal, "TERM");
  EXPECT_EQ(r.exit_status, 128 + 15);
}

TEST_F(SshRun, DeadlineKillsTheCommandWithinTheDeadline) {
  SshTransport t(target_for(*sshd_, "kube-master2"));
  const std::string marker = "sleep 30.4217";  // unique: lets us look for the process
  const auto start = std::chrono::steady_clock::now();
  try {
    t.run("echo started; echo progress >&2; " + marker + "; echo never", 1500ms);
    FAIL() << "expected a timeout";
  } catch (const Error& e) {
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(elapsed, 3s);  // the deadline plus slack for a loaded machine
    EXPECT_GE(elapsed, 1500ms);
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    const std::string msg = e.what();
    EXPECT_NE(msg.find("kube-master2"), std::string::npos) << msg;
    EXPECT_NE(msg.find(marker), std::string::npos) << msg;
    EXPECT_NE(msg.find("timed out"), std::string::npos) << msg;
    EXPECT_NE(e.detail().find("started"), std::string::npos) << e.detail();
    EXPECT_NE(e.detail().find("progress"), std::string::npos) << e.detail();
    EXPECT_EQ(e.detail().find("never"), std::string::npos) << e.detail();
  }
  // The remote process group got SIGKILL: the sleep is gone (not merely abandoned).
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (!klab::testing::pids_with_cmdline(marker).empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(klab::testing::pids_with_cmdline(marker).empty())
      << "the timed-out command still runs; sshd log:\n" << sshd_->log().substr(sshd_->log().size() > 3000 ? sshd_->log().size() - 3000 : 0);
  // The session survives a timeout.
  EXPECT_EQ(t.run("echo ok", 10s).stdout_text, "ok\n");
  EXPECT_EQ(t.stats().connects, 1u);
}

TEST_F(SshRun, ReusesOneSessionForManyCommands) {
  SshTransport t(target_for(*sshd_));
  // OpenSSH allows 10 open channels per connection: 12 commands pass only if each
  // channel is closed properly.
  for (int i = 0; i < 12; ++i) {
    ASSERT_EQ(t.run("echo " + std::to_string(i), 10s).stdout_text, std::to_string(i) + "\n");
  }
  TransportStats s = t.stats();
  EXPECT_EQ(s.connects, 1u);
  EXPECT_EQ(s.commands, 12u);
  EXPECT_EQ(s.round_trips, 12u);
}

TEST_F(SshRun, RunCheckedThrowsWithTheOutputTail) {
  SshTransport t(target_for(*sshd_, "kube-master3"));
  EXPECT_EQ(run_checked(t, "echo fine", 10s).stdout_text, "fine\n");
  try {
    run_checked(t, "echo some context; echo 'etcd: bad flag' >&2; exit 4", 10s);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("kube-master3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("exit status 4"), std::string::npos) << msg;
    EXPECT_NE(e.detail().find("etcd: bad flag"), std::string::npos) << e.detail();
  }
}

TEST_F(SshRun, StreamsOutputAsItArrives) {
  SshTransport t(target_for(*sshd_));
  std::vector<std::pair<OutputStream, std::string>> chunks;
  std::vector<std::chrono::steady_clock::time_point> when;
  OutputSink sink = [&](OutputStream s, std::string_view bytes) {
    chunks.emplace_back(s, std::string(bytes));
    when.push_back(std::chrono::steady_clock::now());
  };
  CommandResult r = t.run_streaming("echo first; sleep 0.5; echo second >&2; exit 7", 10s, sink);
  EXPECT_EQ(r.exit_status, 7);
  EXPECT_TRUE(r.stdout_text.empty());  // streamed, not collected
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0].first, OutputStream::out);
  EXPECT_EQ(chunks[0].second, "first\n");
  EXPECT_EQ(chunks[1].first, OutputStream::err);
  EXPECT_EQ(chunks[1].second, "second\n");
  EXPECT_GE(when[1] - when[0], 400ms);  // the first line arrived before the command ended
  EXPECT_EQ(t.stats().round_trips, 1u);
}

TEST_F(SshRun, RemoteCommandWritesToDescriptorsAndReturnsTheExitCode) {
  SshTransport t(target_for(*sshd_));
  int out[2], err[2];
  ASSERT_EQ(::pipe(out), 0);
  ASSERT_EQ(::pipe(err), 0);
  const int status = run_remote_command(t, join_remote_command({"echo", "a", "b;", "echo", "c", ">&2;", "exit", "5"}),
                                        out[1], err[1]);
  ::close(out[1]);
  ::close(err[1]);
  auto drain = [](int fd) {
    std::string text;
    char buf[256];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    return text;
  };
  EXPECT_EQ(status, 5);
  EXPECT_EQ(drain(out[0]), "a b\n");
  EXPECT_EQ(drain(err[0]), "c\n");
}

}  // namespace
}  // namespace klab::provisioner
