// A dropped session (host reset, sshd restart) is replaced transparently between
// commands; a drop during a command is reported, never silently retried.
#include <gtest/gtest.h>

#include <thread>

#include "base/error.hpp"
#include "provisioner/transport/ssh_transport.hpp"
#include "ssh_test_target.hpp"

namespace klab::provisioner {
namespace {

using namespace std::chrono_literals;
using klab::testing::SshdServer;
using testing::target_for;

class SshReconnect : public ::testing::Test {
 protected:
  void SetUp() override {
    KLAB_REQUIRE_SSHD();
    sshd_.emplace();
    sshd_->start();
  }
  std::optional<SshdServer> sshd_;
};

TEST_F(SshReconnect, ReplacesASessionKilledWhileIdle) {
  SshTransport t(target_for(*sshd_));
  EXPECT_EQ(t.run("echo one", 10s).stdout_text, "one\n");
  ASSERT_GE(sshd_->kill_connections(), 1);
  EXPECT_EQ(t.run("echo two", 10s).stdout_text, "two\n");
  EXPECT_EQ(t.stats().connects, 2u);
  EXPECT_EQ(t.stats().commands, 2u);
}

TEST_F(SshReconnect, WaitsForARestartingHost) {
  SshTransport t(target_for(*sshd_));
  EXPECT_EQ(t.run("true", 10s).exit_status, 0);
  sshd_->stop();  // the host goes down ...
  std::jthread reboot([&] {
    std::this_thread::sleep_for(1s);  // ... and comes back on the same address: the scenario
    sshd_->start();
  });
  EXPECT_EQ(t.run("echo back", 15s).stdout_text, "back\n");
  EXPECT_EQ(t.stats().connects, 2u);
}

TEST_F(SshReconnect, ADropDuringACommandIsReportedAndTheNextCallReconnects) {
  SshTransport t(target_for(*sshd_, "kube-master1"));
  t.connect();
  std::jthread reset([&] {
    std::this_thread::sleep_for(800ms);  // while the command runs
    sshd_->kill_connections();
  });
  try {
    t.run("echo partial; sleep 20", 15s);
    FAIL() << "a killed connection went unnoticed";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("kube-master1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("connection lost"), std::string::npos) << msg;
    EXPECT_NE(msg.find("sleep 20"), std::string::npos) << msg;
    EXPECT_NE(e.detail().find("partial"), std::string::npos) << e.detail();
  }
  EXPECT_FALSE(t.connected());
  EXPECT_EQ(t.run("echo again", 10s).stdout_text, "again\n");
  EXPECT_EQ(t.stats().connects, 2u);
}

}  // namespace
}  // namespace klab::provisioner
