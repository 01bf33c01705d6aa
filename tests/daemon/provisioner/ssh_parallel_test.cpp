// run_parallel: bounded concurrency, every host's result and error collected.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "base/error.hpp"
#include "provisioner/transport/run_parallel.hpp"
#include "provisioner/transport/ssh_transport.hpp"
#include "ssh_test_target.hpp"

namespace klab::provisioner {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using klab::testing::SshdServer;
using testing::target_for;

const std::vector<std::string> kHosts = {"kube-master1", "kube-master2", "kube-master3"};

TEST(RunParallel, ThreeSshHostsEachGetTheirOwnResult) {
  KLAB_REQUIRE_SSHD();
  std::map<std::string, std::unique_ptr<SshdServer>> servers;
  for (const std::string& h : kHosts) {
    servers[h] = std::make_unique<SshdServer>();
    servers[h]->start();
  }
  std::map<std::string, std::unique_ptr<SshTransport>> transports;
  for (const std::string& h : kHosts) transports[h] = std::make_unique<SshTransport>(target_for(*servers[h], h));

  std::mutex mutex;
  std::map<std::string, std::string> outputs;
  const auto start = Clock::now();
  std::vector<HostOutcome> outcomes = run_parallel(
      kHosts,
      [&](const std::string& host) {
        // Each server's directory is unique: proves which sshd ran the command.
        CommandResult r = transports.at(host)->run(
            "sleep 2; echo " + host + " $SSH_CONNECTION", 20s);
        std::lock_guard lock(mutex);
        outputs[host] = r.stdout_text;
      },
      3);
  const auto elapsed = Clock::now() - start;
  ASSERT_EQ(outcomes.size(), 3u);
  for (std::size_t i = 0; i < kHosts.size(); ++i) {
    const std::string& h = kHosts[i];
    EXPECT_EQ(outcomes[i].host, h);
    EXPECT_TRUE(outcomes[i].ok) << outcomes[i].error;
    // "$SSH_CONNECTION" ends with the server's port: the command ran on that host's sshd.
    EXPECT_NE(outputs[h].find(h + " "), std::string::npos) << outputs[h];
    EXPECT_NE(outputs[h].find(" " + std::to_string(servers[h]->port()) + "\n"), std::string::npos) << outputs[h];
  }
  // Three 2 s commands overlapped (one after another they take over 6 s).
  EXPECT_LT(elapsed, 5s);
}

TEST(RunParallel, CollectsEveryHostsErrorNamingTheHost) {
  std::atomic<int> ran{0};
  auto work = [&](const std::string& host) {
    ++ran;
    if (host == "kube-master1") throw infra_error("kube-master1 (10.0.0.1:22): SSH not reachable");
    if (host == "kube-master3") throw std::runtime_error("boom");
  };
  std::vector<HostOutcome> outcomes = run_parallel_collect(kHosts, work, 2);
  EXPECT_EQ(ran.load(), 3);  // one failure cancels nothing
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_FALSE(outcomes[0].ok);
  EXPECT_TRUE(outcomes[1].ok);
  EXPECT_FALSE(outcomes[2].ok);
  EXPECT_EQ(outcomes[0].error, "kube-master1 (10.0.0.1:22): SSH not reachable");  // not prefixed twice
  EXPECT_EQ(outcomes[2].error, "kube-master3: internal error: boom");
  try {
    run_parallel(kHosts, work, 2);
    FAIL() << "failures were not reported";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_NE(msg.find("2 of 3 hosts failed"), std::string::npos) << msg;
    EXPECT_NE(msg.find("kube-master1 (10.0.0.1:22): SSH not reachable"), std::string::npos) << msg;
    EXPECT_NE(msg.find("kube-master3: internal error: boom"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("kube-master2"), std::string::npos) << msg;
  }
}

TEST(RunParallel, KeepsTheKindWhenAllFailuresAgree) {
  auto work = [](const std::string& host) { throw Error(ErrorKind::check_failed, host + ": not healthy"); };
  try {
    run_parallel(kHosts, work, 3);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::check_failed);
  }
}

TEST(RunParallel, NeverRunsMoreThanTheBound) {
  std::vector<std::string> hosts;
  for (int i = 0; i < 8; ++i) hosts.push_back("h" + std::to_string(i));
  std::atomic<int> running{0}, peak{0};
  run_parallel(
      hosts,
      [&](const std::string&) {
        const int now = ++running;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(30ms);  // hold the slot so that overlaps happen
        --running;
      },
      3);
  EXPECT_LE(peak.load(), 3);
  EXPECT_GE(peak.load(), 2);
  // A bound of 0 or less still makes progress, one at a time.
  std::atomic<int> count{0};
  run_parallel(hosts, [&](const std::string&) { ++count; }, 0);
  EXPECT_EQ(count.load(), 8);
}

}  // namespace
}  // namespace klab::provisioner
