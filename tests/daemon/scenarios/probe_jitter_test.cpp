// The 100 ms schedule's timing: every sample of 8 probes (4 targets x fresh/reused) on
// the one loop, against live etcd members when etcd is installed, otherwise against
// closed loopback ports (the schedule is the same either way; closed ports must fail). Prints median / p99 /
// max start lateness against the fixed-rate grid; fails when the schedule drifts off
// its grid or the median lateness reaches half an interval (timings are reported, not
// asserted, since the machine is shared).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <thread>

#include "scenarios/probes/asio_probe_set.hpp"
#include "support/etcd_fixture.hpp"
#include "support/sshd_fixture.hpp"  // free_loopback_port

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;
using std::chrono::steady_clock;

double us(steady_clock::duration d) {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::microseconds>(d).count());
}

TEST(ProbeJitter, FixedRateScheduleHoldsAt100ms) {
  // The fixture's PKI is made without etcd; the members run only when it is installed.
  testing::EtcdCluster etcd(3);
  ProbeSetConfig config;
  config.tls = {etcd.ca_file(), etcd.client_cert_file(), etcd.client_key_file()};
  std::string against = "4 closed ports (etcd not installed)";
  if (testing::EtcdCluster::unavailable_reason().empty()) {
    etcd.start();
    for (int i = 0; i < 3; ++i) {
      config.targets.push_back(etcd_health_target(etcd.member_name(i), parse_endpoint(etcd.client_url(i))));
    }
    against = "3 live etcd members + 1 closed port";
  }
  while (config.targets.size() < 4) {
    auto port = static_cast<std::uint16_t>(testing::free_loopback_port());
    config.targets.push_back(etcd_health_target("closed" + std::to_string(port), {"127.0.0.1", port}));
  }

  constexpr auto interval = 100ms;
  constexpr auto run_for = 6s;
  AsioProbeSet probes(config);
  probes.start(ProbeSpec{interval, false, ""});
  std::this_thread::sleep_for(run_for);  // the measurement period itself
  probes.stop();
  const ProbeRunDetail& run = probes.last_run();

  std::vector<double> lateness;
  std::map<std::pair<std::string, ConnectionMode>, std::vector<TimedSample>> per_probe;
  for (const TimedSample& s : run.samples) {
    if (s.sample.target.starts_with("closed")) {
      EXPECT_FALSE(s.sample.ok) << s.sample.target << " answered";
      EXPECT_NE(s.sample.error.find("refused"), std::string::npos) << s.sample.error;
    }
    lateness.push_back(us(s.sample.start - s.scheduled));
    per_probe[{s.sample.target, s.sample.mode}].push_back(s);
  }
  ASSERT_EQ(per_probe.size(), 8u);
  std::sort(lateness.begin(), lateness.end());
  ASSERT_FALSE(lateness.empty());
  double median = lateness[lateness.size() / 2];
  double p99 = lateness[std::min(lateness.size() - 1, lateness.size() * 99 / 100)];
  double max = lateness.back();
  std::printf("[ probe ] jitter over %zu samples (%s, %lld ms interval, %lld s): start lateness median "
              "%.0f us, p99 %.0f us, max %.0f us; missed slots %zu\n",
              lateness.size(), against.c_str(), static_cast<long long>(interval.count()),
              static_cast<long long>(std::chrono::duration_cast<std::chrono::seconds>(run_for).count()), median, p99,
              max, run.missed_slots);
  ::testing::Test::RecordProperty("lateness_median_us", std::to_string(static_cast<long>(median)));
  ::testing::Test::RecordProperty("lateness_p99_us", std::to_string(static_cast<long>(p99)));
  ::testing::Test::RecordProperty("lateness_max_us", std::to_string(static_cast<long>(max)));

  EXPECT_GE(lateness.front(), 0.0) << "a sample started before its slot";
  // Figures are reported, not asserted, beyond a gross bound: on 2 shared cores a busy
  // neighbour can delay one wake-up by a whole interval (seen: p99 186 ms at load 11),
  // which the schedule absorbs by skipping that slot. A median this far off means the
  // loop itself is broken (sampling serialised, sleeping per sample).
  EXPECT_LT(median, us(interval) / 2) << "the loop does not keep the schedule at all";
  for (auto& [key, samples] : per_probe) {
    std::sort(samples.begin(), samples.end(), [](auto& a, auto& b) { return a.scheduled < b.scheduled; });
    // No drift: every slot lies on the grid first + k * interval (a skipped slot leaves
    // a gap of whole intervals), and slots + skipped slots cover the run.
    for (std::size_t k = 1; k < samples.size(); ++k) {
      auto offset = samples[k].scheduled - samples[0].scheduled;
      ASSERT_EQ(offset % interval, steady_clock::duration::zero()) << key.first;
      ASSERT_GT(offset, samples[k - 1].scheduled - samples[0].scheduled) << key.first;
    }
    auto slots = (samples.back().scheduled - samples.front().scheduled) / interval + 1;
    EXPECT_NEAR(static_cast<double>(slots), static_cast<double>(run_for / interval), 2.0) << key.first;
  }
}

}  // namespace
}  // namespace klab::scenarios
