// Connecting to a host that is still booting: retries, deadlines, wait_for_ssh.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "base/error.hpp"
#include "provisioner/transport/ssh_connect.hpp"
#include "provisioner/transport/ssh_transport.hpp"
#include "provisioner/transport/wait_for_ssh.hpp"
#include "ssh_test_target.hpp"

namespace klab::provisioner {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using klab::testing::SshdServer;
using testing::target_for;

TEST(SshConnect, RetriesRefusedConnectionsUntilTheServerAppears) {
  KLAB_REQUIRE_SSHD();
  SshdServer sshd;  // keys and port chosen, not listening yet: connections are refused
  std::jthread boot([&] {
    std::this_thread::sleep_for(1500ms);  // the "VM" boots; this delay is the scenario, not a sync
    sshd.start();
  });
  std::vector<ConnectAttempt> attempts;
  const auto start = Clock::now();
  SshReadiness ready = wait_for_ssh(target_for(sshd, "kube-master1"), 20s,
                                    [&](const ConnectAttempt& a) { attempts.push_back(a); });
  const auto elapsed = Clock::now() - start;
  EXPECT_GE(elapsed, 1400ms);
  EXPECT_LT(elapsed, 15s);  // only guards against hanging; the machine may be loaded
  EXPECT_GE(ready.elapsed, 1400ms);
  EXPECT_GT(ready.attempts, 2);
  ASSERT_FALSE(attempts.empty());
  EXPECT_EQ(static_cast<int>(attempts.size()), ready.attempts - 1);  // every failure reported once
  EXPECT_NE(attempts.front().error.find("refused"), std::string::npos) << attempts.front().error;
  // Backoff (100 ms doubling to 1 s): ~4 attempts in the first 1.5 s, then 1 per second.
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(elapsed).count();
  EXPECT_LE(ready.attempts, 6 + seconds);
}

TEST(SshConnect, GivesUpAtTheDeadlineWithAClearError) {
  KLAB_REQUIRE_SSHD();
  SshdServer sshd;  // never started
  const auto start = Clock::now();
  try {
    wait_for_ssh(target_for(sshd, "kube-master2"), 2s);
    FAIL() << "connected to nothing";
  } catch (const Error& e) {
    const auto elapsed = Clock::now() - start;
    EXPECT_GE(elapsed, 1900ms);
    EXPECT_LT(elapsed, 3500ms);
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    const std::string msg = e.what();
    EXPECT_NE(msg.find("kube-master2"), std::string::npos) << msg;
    EXPECT_NE(msg.find("127.0.0.1:" + std::to_string(sshd.port())), std::string::npos) << msg;
    EXPECT_NE(msg.find("attempt"), std::string::npos) << msg;
    EXPECT_NE(msg.find("refused"), std::string::npos) << msg;
    EXPECT_NE(msg.find("klab console kube-master2"), std::string::npos) << msg;
  }
}

TEST(SshConnect, TransportRetriesWithinItsReconnectBudget) {
  KLAB_REQUIRE_SSHD();
  SshdServer sshd;
  SshTarget target = target_for(sshd);
  target.reconnect_deadline = 1500ms;
  SshTransport t(target);
  const auto start = Clock::now();
  EXPECT_THROW(t.run("true", 30s), Error);
  EXPECT_GE(Clock::now() - start, 1400ms);
  EXPECT_LT(Clock::now() - start, 3s);
  // The same transport works once the host is up.
  sshd.start();
  EXPECT_EQ(t.run("echo up", 10s).stdout_text, "up\n");
  EXPECT_EQ(t.stats().connects, 1u);
}

TEST(SshConnect, SilentHostTimesOutPerAttempt) {
  // A listening socket that never answers the SSH banner (a VM whose sshd hangs):
  // each attempt gives up after connect_timeout and the deadline still holds.
  KLAB_REQUIRE_SSHD();
  SshdServer sshd;
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(sshd.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 16), 0);
  SshTarget target = target_for(sshd, "kube-master3");
  target.connect_timeout = 700ms;
  const auto start = Clock::now();
  try {
    wait_for_ssh(target, 2s);
    FAIL() << "handshake with a silent socket succeeded";
  } catch (const Error& e) {
    EXPECT_LT(Clock::now() - start, 4s);
    EXPECT_NE(std::string(e.what()).find("kube-master3"), std::string::npos) << e.what();
  }
  ::close(fd);
}

TEST(SshConnect, ClassifiesLibsshErrors) {
  EXPECT_TRUE(is_transient_connect_error("Connection refused"));
  EXPECT_TRUE(is_transient_connect_error("Timeout connecting to 192.168.49.151"));
  EXPECT_TRUE(is_transient_connect_error("No route to host"));
  EXPECT_TRUE(is_transient_connect_error("Socket error: disconnected"));
  EXPECT_FALSE(is_transient_connect_error(
      "kex error : no match for method server host key algo: server [ssh-ed25519], client [ssh-rsa]"));
}

}  // namespace
}  // namespace klab::provisioner
