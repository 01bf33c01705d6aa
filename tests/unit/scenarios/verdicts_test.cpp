// Outage expectations allow each probe mode its own measurement slack: an open-loop
// fresh probe is off by at most an interval per edge, a reused connection by a whole
// sample timeout (a request in flight when the fault hit waits it out).
#include <gtest/gtest.h>

#include "scenarios/measure/verdicts.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;

SeriesSummary series(ConnectionMode mode, std::chrono::milliseconds longest) {
  SeriesSummary s;
  s.target = "vip";
  s.mode = mode;
  s.samples = 100;
  s.failed = 5;
  s.outages = 1;
  s.total_downtime = longest;
  s.longest = longest;
  return s;
}

ExpectationResult judge(std::vector<SeriesSummary> all, std::optional<Millis> tolerance = std::nullopt) {
  Expectations ex;
  OutageExpectation o;
  o.probe = "vip";
  o.mode = "any";
  o.longest = BoundSpec{Millis(500), BoundKind::infer};
  o.tolerance = tolerance;
  ex.outages.push_back(o);
  Measurements m;
  m.outages.series = std::move(all);
  const BoundResolver literal = [](const BoundSpec& b, Measured) {
    return DerivedBound{BoundKind::infer, *b.literal, "literal"};
  };
  Tolerances tol;
  tol.outage = 200ms;
  tol.outage_reused = 1100ms;
  const auto results = evaluate_expectations(ex, m, literal, tol);
  EXPECT_EQ(results.size(), 1u);
  return results.at(0);
}

TEST(OutageVerdict, EachModeGetsItsOwnSlack) {
  const auto r = judge({series(ConnectionMode::fresh, 700ms), series(ConnectionMode::reused, 1500ms)});
  EXPECT_TRUE(r.passed) << r.detail;  // 700 <= 500 + 200; 1500 <= 500 + 1100
  EXPECT_FALSE(judge({series(ConnectionMode::fresh, 701ms)}).passed);
  const auto reused = judge({series(ConnectionMode::fresh, 600ms), series(ConnectionMode::reused, 1700ms)});
  EXPECT_FALSE(reused.passed);
  EXPECT_NE(reused.detail.find("vip/reused"), std::string::npos) << reused.detail;
  EXPECT_EQ(reused.bound, 1600ms);
}

TEST(OutageVerdict, AToleranceInTheScenarioAppliesToEveryMode) {
  EXPECT_FALSE(judge({series(ConnectionMode::reused, 1000ms)}, Millis(300)).passed);
  EXPECT_TRUE(judge({series(ConnectionMode::reused, 800ms)}, Millis(300)).passed);
}

}  // namespace
}  // namespace klab::scenarios
