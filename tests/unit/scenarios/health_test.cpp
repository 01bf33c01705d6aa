// Health after a heal: the VIP must be back where keepalived settles, not merely held.
#include <gtest/gtest.h>

#include "fakes.hpp"
#include "provisioner/settings.hpp"
#include "scenarios/health.hpp"

namespace klab::scenarios {
namespace {

using testing::FakeClusterView;
using testing::FakeLab;
using testing::make_plan;

class Health : public ::testing::Test {
 protected:
  lab::Plan plan = make_plan();
  provisioner::Settings settings = provisioner::default_settings(plan);
  FakeClusterView view = FakeClusterView::healthy();
  FakeLab lab{view, plan};
  std::vector<std::string> problems() {
    return health_problems(plan, settings, gather_facts(plan, view, lab), {Requirement::vip_held});
  }
};

TEST_F(Health, VipOnTheLbIsHealthy) { EXPECT_TRUE(problems().empty()); }

// A restarted LB reclaims the VIP once it is up (priority 150 preempts 120): a backup
// holding it while the LB runs is a state that is about to change.
TEST_F(Health, VipOnABackupWhileTheLbRunsIsNotSettled) {
  view.holders = {"m1"};
  const auto p = problems();
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("not yet back on lb"), std::string::npos) << p[0];
}

TEST_F(Health, VipOnTheBestRunningBackupWhileTheLbIsOff) {
  lab.destroy("lb");
  view.holders = {"m1"};
  EXPECT_TRUE(problems().empty());
  view.holders = {"m2"};
  EXPECT_EQ(problems().size(), 1u) << "m1 (120) outranks m2 (110)";
}

TEST_F(Health, NoHolderAndSplitAreNamed) {
  view.holders = {};
  EXPECT_EQ(problems(), std::vector<std::string>{"no host holds the VIP"});
  view.holders = {"lb", "m1"};
  EXPECT_EQ(problems(), std::vector<std::string>{"the VIP is on several hosts: lb, m1"});
}

}  // namespace
}  // namespace klab::scenarios
