// Outage accounting: interval edges, series kept apart, overlapping samples, and an
// outage still open when the probes stop.
#include <gtest/gtest.h>

#include "scenarios/measure/outages.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;
using Tp = std::chrono::steady_clock::time_point;

const Tp epoch = Tp{} + 100h;

ProbeSample sample(const std::string& target, ConnectionMode mode, int start_ms, bool ok, std::string error = {}) {
  return {target, mode, epoch + std::chrono::milliseconds(start_ms), 5ms, ok, ok ? "" : (error.empty() ? "refused" : error)};
}

TEST(Outages, StartsAtFirstFailureEndsAtFirstSuccess) {
  const auto fresh = ConnectionMode::fresh;
  auto a = account_outages({sample("vip", fresh, 0, true), sample("vip", fresh, 100, false, "timeout"),
                            sample("vip", fresh, 200, false), sample("vip", fresh, 300, true),
                            sample("vip", fresh, 400, true)},
                           epoch, epoch + 1s);
  ASSERT_EQ(a.outages.size(), 1u);
  EXPECT_EQ(a.outages[0].start, 100ms);
  EXPECT_EQ(a.outages[0].end, 300ms);
  EXPECT_EQ(a.outages[0].duration(), 200ms);
  EXPECT_EQ(a.outages[0].failed_samples, 2u);
  EXPECT_EQ(a.outages[0].first_error, "timeout");
  EXPECT_FALSE(a.outages[0].open);
  ASSERT_EQ(a.series.size(), 1u);
  EXPECT_EQ(a.series[0].samples, 5u);
  EXPECT_EQ(a.series[0].failed, 2u);
  EXPECT_EQ(a.series[0].longest, 200ms);
}

TEST(Outages, SeriesPerTargetAndModeAreSeparate) {
  const auto fresh = ConnectionMode::fresh, reused = ConnectionMode::reused;
  // Interleaved on purpose: vip/fresh fails 100..300, vip/reused 200..250, m1 never.
  auto a = account_outages({sample("vip", reused, 250, true), sample("vip", fresh, 100, false),
                            sample("m1", fresh, 100, true), sample("vip", reused, 200, false),
                            sample("vip", fresh, 300, true), sample("m1", fresh, 200, true),
                            sample("vip", reused, 100, true)},
                           epoch, epoch + 1s);
  ASSERT_EQ(a.outages.size(), 2u);
  ASSERT_EQ(a.series.size(), 3u);
  EXPECT_EQ(a.series[0].target, "m1");
  EXPECT_EQ(a.series[0].outages, 0u);
  EXPECT_EQ(a.series[1].mode, fresh);
  EXPECT_EQ(a.series[1].longest, 200ms);
  EXPECT_EQ(a.series[2].mode, reused);
  EXPECT_EQ(a.series[2].longest, 50ms);
}

TEST(Outages, OverlappingSamplesUseStartTimes) {
  // A slow failed sample started at 100 and still running when the next (ok) started at 150:
  // the outage is [100, 150) — from its start, not its end.
  auto a = account_outages({sample("vip", ConnectionMode::fresh, 100, false), sample("vip", ConnectionMode::fresh, 150, true),
                            sample("vip", ConnectionMode::fresh, 120, false)},
                           epoch, epoch + 1s);
  ASSERT_EQ(a.outages.size(), 1u);
  EXPECT_EQ(a.outages[0].start, 100ms);
  EXPECT_EQ(a.outages[0].end, 150ms);
  EXPECT_EQ(a.outages[0].failed_samples, 2u);
}

TEST(Outages, OpenAtTheEndIsClosedAtStopAndMarked) {
  auto a = account_outages({sample("vip", ConnectionMode::fresh, 0, true), sample("vip", ConnectionMode::fresh, 700, false),
                            sample("vip", ConnectionMode::fresh, 800, false)},
                           epoch, epoch + 2500ms);
  ASSERT_EQ(a.outages.size(), 1u);
  EXPECT_TRUE(a.outages[0].open);
  EXPECT_EQ(a.outages[0].end, 2500ms);
  EXPECT_EQ(a.series[0].total_downtime, 1800ms);
}

TEST(Outages, SeveralOutagesSumAndLongestIsTheMax) {
  const auto m = ConnectionMode::reused;
  auto a = account_outages({sample("vip", m, 0, false), sample("vip", m, 100, true), sample("vip", m, 200, false),
                            sample("vip", m, 500, true)},
                           epoch, epoch + 1s);
  EXPECT_EQ(a.series[0].outages, 2u);
  EXPECT_EQ(a.series[0].total_downtime, 400ms);
  EXPECT_EQ(a.series[0].longest, 300ms);
}

TEST(Outages, SelectorsMatchSeries) {
  SeriesSummary vip{"vip", ConnectionMode::fresh};
  SeriesSummary m1{"m1", ConnectionMode::reused};
  EXPECT_TRUE(series_matches(vip, "vip", "any"));
  EXPECT_TRUE(series_matches(vip, "vip", "fresh"));
  EXPECT_FALSE(series_matches(vip, "vip", "reused"));
  EXPECT_FALSE(series_matches(vip, "members", "any"));
  EXPECT_TRUE(series_matches(m1, "members", "reused"));
  EXPECT_TRUE(series_matches(m1, "m1", "any"));
  EXPECT_TRUE(series_matches(m1, "*", "any"));
}

}  // namespace
}  // namespace klab::scenarios

namespace klab::scenarios {
namespace {

// Outages over before the fault took effect are not the fault's: they stay in the
// report but not in what the expectations judge.
TEST(OutagesFrom, DropsOutagesThatEndedBeforeTheEffect) {
  OutageAccount all;
  all.outages = {Outage{"vip", ConnectionMode::fresh, std::chrono::milliseconds(100), std::chrono::milliseconds(900), false, 3, "slow"},
                 Outage{"vip", ConnectionMode::fresh, std::chrono::milliseconds(1500), std::chrono::milliseconds(4000), false, 9, "gone"}};
  SeriesSummary s;
  s.target = "vip";
  s.mode = ConnectionMode::fresh;
  s.samples = 50;
  s.failed = 12;
  s.outages = 2;
  all.series = {s};
  const OutageAccount from = outages_from(all, std::chrono::milliseconds(2000));
  ASSERT_EQ(from.outages.size(), 1u);
  EXPECT_EQ(from.outages[0].first_error, "gone") << "spanning the effect: counted whole";
  ASSERT_EQ(from.series.size(), 1u);
  EXPECT_EQ(from.series[0].outages, 1u);
  EXPECT_EQ(from.series[0].longest, std::chrono::milliseconds(2500));
  EXPECT_EQ(from.series[0].total_downtime, std::chrono::milliseconds(2500));
  EXPECT_EQ(from.series[0].samples, 50u);
  EXPECT_EQ(outages_from(all, std::chrono::milliseconds(5000)).series[0].longest, std::chrono::milliseconds(0));
}

}  // namespace
}  // namespace klab::scenarios
