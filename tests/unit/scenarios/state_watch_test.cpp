// The VIP counts as moved the moment another host claims it, even while the old holder
// is still listed (its last ARP answer is fresh for a moment longer).
#include <gtest/gtest.h>

#include "fakes.hpp"
#include "scenarios/state_watch.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;

ClusterFacts holders(std::vector<std::string> on) {
  ClusterFacts f;
  f.vip_holders = std::move(on);
  return f;
}

TEST(StateWatch, VipMovedWhenAnotherHostClaimsIt) {
  testing::FakeClock clock;
  Timeline timeline(clock);
  StateWatch watch(timeline, holders({"lb"}));
  clock.sleep_for(300ms);
  watch.observe(holders({}));
  EXPECT_FALSE(watch.vip_moved_at());
  clock.sleep_for(300ms);
  watch.observe(holders({"lb"}));
  EXPECT_FALSE(watch.vip_moved_at()) << "back on the same host is no move";
  clock.sleep_for(400ms);
  watch.observe(holders({"lb", "m1"}));
  ASSERT_TRUE(watch.vip_moved_at());
  EXPECT_EQ(*watch.vip_moved_at(), 1000ms);
  clock.sleep_for(500ms);
  watch.observe(holders({"m1"}));
  EXPECT_EQ(*watch.vip_moved_at(), 1000ms) << "the first claim counts";
}

}  // namespace
}  // namespace klab::scenarios
