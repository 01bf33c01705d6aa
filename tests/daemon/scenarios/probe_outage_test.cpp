// Probes against a real 3-member TLS etcd on 127.0.0.1: one follower is SIGKILLed and
// restarted while every member is probed; the killed member's probes must show one
// outage as long as it really was down (within 150 ms), the others none.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "base/error.hpp"
#include "scenarios/etcd/etcd_client.hpp"
#include "scenarios/probes/asio_probe_set.hpp"
#include "support/etcd_fixture.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;
using std::chrono::steady_clock;
using testing::EtcdCluster;

TlsFiles tls_of(const EtcdCluster& etcd) {
  return {etcd.ca_file(), etcd.client_cert_file(), etcd.client_key_file()};
}

Endpoint member(const EtcdCluster& etcd, int i) { return parse_endpoint(etcd.client_url(i)); }

// Polls `client` (every ~5 ms, 100 ms per try) until healthy; returns when the first
// successful request started.
steady_clock::time_point first_healthy(EtcdClient& client, steady_clock::time_point deadline) {
  for (;;) {
    auto attempt = steady_clock::now();
    try {
      if (client.health().healthy) return attempt;
    } catch (const Error&) {
    }
    if (attempt > deadline) throw std::runtime_error("member did not become healthy in time");
    std::this_thread::sleep_for(5ms);  // the observer's own sampling period
  }
}

std::size_t count(const std::vector<ProbeSample>& samples, const std::string& target, bool ok,
                  steady_clock::time_point after = {}) {
  return static_cast<std::size_t>(std::count_if(samples.begin(), samples.end(), [&](const ProbeSample& s) {
    return s.target == target && s.ok == ok && s.start >= after;
  }));
}

long ms(steady_clock::duration d) { return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()); }

// Waits (with a deadline) until `pred(samples so far)` holds.
template <typename Pred>
void wait_samples(const AsioProbeSet& probes, Pred pred, std::chrono::seconds within, const char* what) {
  auto deadline = steady_clock::now() + within;
  while (!pred(probes.samples_so_far())) {
    if (steady_clock::now() > deadline) {
      std::string last;
      auto samples = probes.samples_so_far();
      for (std::size_t i = samples.size() > 12 ? samples.size() - 12 : 0; i < samples.size(); ++i) {
        last += "\n  " + samples[i].target + " " + std::to_string(ms(steady_clock::now() - samples[i].start)) +
                " ms ago" + (samples[i].ok ? " ok" : " FAILED: " + samples[i].error);
      }
      last += "\n  (" + std::to_string(samples.size()) + " samples)";
      throw std::runtime_error(std::string("timed out waiting for ") + what + "; last samples:" + last);
    }
    std::this_thread::sleep_for(20ms);
  }
}

struct Outage {
  steady_clock::time_point first_failed;
  steady_clock::time_point first_ok_after;
  std::size_t failed = 0;
};

// Contiguous runs of failed samples of one target+mode, ordered by start.
std::vector<Outage> outages(std::vector<ProbeSample> samples, const std::string& target, ConnectionMode mode) {
  std::erase_if(samples, [&](const ProbeSample& s) { return s.target != target || s.mode != mode; });
  std::sort(samples.begin(), samples.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  std::vector<Outage> out;
  bool in_outage = false;
  for (const ProbeSample& s : samples) {
    if (!s.ok && !in_outage) {
      out.push_back({s.start, {}, 0});
      in_outage = true;
    }
    if (!s.ok) ++out.back().failed;
    if (s.ok && in_outage) {
      out.back().first_ok_after = s.start;
      in_outage = false;
    }
  }
  return out;
}


TEST(ProbeOutage, KilledMemberOutageMatchesItsDowntimeOthersStayUp) {
  if (std::string why = EtcdCluster::unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
  EtcdCluster etcd(3);
  etcd.start();
  std::vector<std::unique_ptr<EtcdClient>> clients;
  for (int i = 0; i < 3; ++i) clients.push_back(std::make_unique<EtcdClient>(member(etcd, i), tls_of(etcd), 1s));
  for (auto& c : clients) first_healthy(*c, steady_clock::now() + 30s);

  // Kill a follower: killing the leader would (rightly) make the others unhealthy for
  // an election timeout.
  std::uint64_t leader = clients[0]->status().leader;
  int victim = -1;
  for (int i = 0; i < 3 && victim < 0; ++i) {
    if (clients[i]->status().header.member_id != leader) victim = i;
  }
  ASSERT_GE(victim, 0);
  std::string victim_name = etcd.member_name(victim);

  ProbeSetConfig config;
  for (int i = 0; i < 3; ++i) config.targets.push_back(etcd_health_target(etcd.member_name(i), member(etcd, i)));
  config.tls = tls_of(etcd);
  AsioProbeSet probes(config);
  probes.start(ProbeSpec{100ms, false, ""});
  wait_samples(probes, [&](const auto& s) { return count(s, victim_name, true) >= 10; }, 10s, "healthy samples");

  auto killed_at = steady_clock::now();
  etcd.kill_member(victim);
  ASSERT_FALSE(etcd.member_running(victim));
  try {
    EtcdHealth h = clients[victim]->health();
    ADD_FAILURE() << victim_name << " still answers after SIGKILL: healthy=" << h.healthy;
  } catch (const Error& e) {
    std::printf("[ probe ] killed %s: %s\n", victim_name.c_str(), e.what());
  }
  wait_samples(probes, [&](const auto& s) { return count(s, victim_name, false, killed_at) >= 2 * 8; }, 10s,
               "failed samples of the killed member");
  etcd.start_member(victim);
  auto back_at = first_healthy(*clients[victim], steady_clock::now() + 30s);
  wait_samples(probes, [&](const auto& s) { return count(s, victim_name, true, back_at) >= 2 * 5; }, 10s,
               "healthy samples after the restart");
  ProbeResults results = probes.stop();

  long truth = ms(back_at - killed_at);
  for (ConnectionMode mode : {ConnectionMode::fresh, ConnectionMode::reused}) {
    const char* mode_name = mode == ConnectionMode::fresh ? "fresh" : "reused";
    std::vector<Outage> found = outages(results.samples, victim_name, mode);
    ASSERT_EQ(found.size(), 1u) << mode_name << ": expected exactly one outage of " << victim_name;
    long measured = ms(found[0].first_ok_after - found[0].first_failed);
    std::printf("[ probe ] %s %s: down %ld ms (kill -> first healthy answer), measured outage %ld ms "
                "(%zu failed samples), error %+ld ms\n",
                victim_name.c_str(), mode_name, truth, measured, found[0].failed, measured - truth);
    ::testing::Test::RecordProperty(std::string("outage_") + mode_name + "_ms", std::to_string(measured));
    EXPECT_NEAR(static_cast<double>(measured), static_cast<double>(truth), 150.0) << mode_name;
    EXPECT_GE(found[0].first_failed, killed_at - 100ms) << mode_name << ": outage began before the kill";
  }
  ::testing::Test::RecordProperty("downtime_ms", std::to_string(truth));
  for (int i = 0; i < 3; ++i) {
    if (i == victim) continue;
    for (const ProbeSample& s : results.samples) {
      if (s.target == etcd.member_name(i)) {
        EXPECT_TRUE(s.ok) << s.target << ": " << s.error;
      }
    }
  }
}

}  // namespace
}  // namespace klab::scenarios

namespace klab::scenarios {
namespace {

// A member that answers late (frozen 400 ms) is slow, not down: the sample in flight
// covers the slots it spans and succeeds. Frozen past the sample timeout (1 s) it is
// down, with "no answer within ~1000 ms".
TEST(ProbeOutage, SlowAnswerWithinTheTimeoutIsNoOutage) {
  if (std::string why = EtcdCluster::unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
  EtcdCluster etcd(1);
  etcd.start();
  EtcdClient client(member(etcd, 0), tls_of(etcd), 1s);
  first_healthy(client, steady_clock::now() + 30s);
  ProbeSetConfig config;
  ProbeTarget target = etcd_read_target("m1", member(etcd, 0));
  target.modes = {ConnectionMode::reused};
  config.targets.push_back(target);
  ProbeTarget fresh = etcd_read_target("m1-fresh", member(etcd, 0));
  fresh.modes = {ConnectionMode::fresh};
  config.targets.push_back(fresh);
  config.tls = tls_of(etcd);
  config.sample_timeout = 1000ms;
  AsioProbeSet probes(config);
  probes.start(ProbeSpec{100ms, false, ""});
  wait_samples(probes, [&](const auto& s) { return count(s, "m1", true) >= 5; }, 10s, "healthy samples");

  const auto frozen_at = steady_clock::now();
  etcd.freeze_member(0, true);
  std::this_thread::sleep_for(400ms);
  etcd.freeze_member(0, false);
  wait_samples(probes, [&](const auto& s) { return count(s, "m1", true, frozen_at + 450ms) >= 3; }, 10s,
               "samples after a short freeze");
  auto samples = probes.samples_so_far();
  EXPECT_EQ(count(samples, "m1", false), 0u) << "a 400 ms freeze is no outage with a 1 s timeout";
  EXPECT_EQ(count(samples, "m1-fresh", false), 0u);
  const bool covered = std::any_of(samples.begin(), samples.end(), [&](const ProbeSample& s) {
    return s.ok && s.start >= frozen_at - 100ms && s.duration >= 250ms;
  });
  EXPECT_TRUE(covered) << "one sample waited out the freeze";

  const auto long_freeze = steady_clock::now();
  etcd.freeze_member(0, true);
  std::this_thread::sleep_for(1600ms);
  const auto resumed = steady_clock::now();
  etcd.freeze_member(0, false);
  wait_samples(probes, [&](const auto& s) { return count(s, "m1", true, long_freeze + 1700ms) >= 3; }, 10s,
               "samples after a long freeze");
  const ProbeResults results = probes.stop();
  std::size_t timed_out = 0;
  for (const ProbeSample& s : results.samples)
    if (!s.ok && s.start >= long_freeze - 100ms) {
      ++timed_out;
      EXPECT_NE(s.error.find("no answer within"), std::string::npos) << s.error;
    }
  EXPECT_GE(timed_out, 1u);
  // A second fresh sample starts while the first waits: the ones started within the timeout before the resume
  // are answered, so no failed fresh sample starts later than that (plus slack).
  std::size_t fresh_failed = 0;
  for (const ProbeSample& s : results.samples)
    if (s.target == "m1-fresh" && !s.ok && s.start >= long_freeze - 100ms) {
      ++fresh_failed;
      EXPECT_LT(s.start, resumed - 1000ms + 300ms) << "fresh outage edge within ~one interval";
    }
  EXPECT_GE(fresh_failed, 2u);  // the two that waited out the timeout
}

}  // namespace
}  // namespace klab::scenarios
