// Bounds derived from the deploy settings, and which bound `derived` means.
#include <gtest/gtest.h>

#include "fakes.hpp"
#include "provisioner/settings.hpp"
#include "scenarios/measure/bounds.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;

FaultSpec fault(std::string type, std::string service = {}) {
  FaultSpec f;
  f.type = std::move(type);
  if (!service.empty()) f.params["service"] = service;
  return f;
}

TEST(Bounds, KeepalivedHostDeathIsThreeAdvertsPlusSkew) {
  provisioner::Settings s;
  s.keepalived.advert_int_s = 1;
  // (256 - 120)/256 x 1s = 531.25ms; + 3s
  const DerivedBound b = derive_bound(BoundKind::vrrp_host_death, s, 120);
  EXPECT_EQ(b.value, 3531ms);
  EXPECT_NE(b.formula.find("3531ms"), std::string::npos) << b.formula;
  s.keepalived.advert_int_s = 2;
  EXPECT_EQ(derive_bound(BoundKind::vrrp_host_death, s, 200).value, 6438ms);  // 6 + 56/256*2
}

TEST(Bounds, GracefulStopIsTheSkew) {
  provisioner::Settings s;
  EXPECT_EQ(derive_bound(BoundKind::vrrp_graceful_stop, s, 120).value, 531ms);
  EXPECT_EQ(derive_bound(BoundKind::vrrp_graceful_stop, s, 250).value, 23ms);
}

TEST(Bounds, HaproxyDeathIsTheTerminateDelayPlusSkewWithTrackProcess) {
  provisioner::Settings s;
  s.keepalived.track_terminate_delay_s = 1.5;
  s.keepalived.check_interval_s = 2;  // the script mode's: not used
  const DerivedBound b = derive_bound(BoundKind::haproxy_death, s, 120);
  EXPECT_EQ(b.value, 2031ms);
  EXPECT_NE(b.formula.find("terminate_delay 1.5s"), std::string::npos) << b.formula;
}

TEST(Bounds, HaproxyDeathIsIntervalTimesFallPlusSkewWithTheScriptCheck) {
  provisioner::Settings s;
  s.keepalived.haproxy_tracking = provisioner::HaproxyTracking::script;
  s.keepalived.check_interval_s = 2;
  s.keepalived.check_fall = 3;
  EXPECT_EQ(derive_bound(BoundKind::haproxy_death, s, 120).value, 6531ms);
}

TEST(Bounds, BackendDownAndLeaderLoss) {
  provisioner::Settings s;
  s.haproxy.check_inter_s = 2;
  s.haproxy.check_fall = 3;
  EXPECT_EQ(derive_bound(BoundKind::backend_down, s, 0).value, 6000ms);
  s.etcd.election_timeout_ms = 1000;
  EXPECT_EQ(derive_bound(BoundKind::etcd_leader_loss, s, 0).value, 2000ms);
}

TEST(Bounds, InferenceFollowsTheFaultAndWhetherTheTargetHeldTheVip) {
  EXPECT_EQ(infer_bound_kind(fault("destroy"), Measured::vip_move, true), BoundKind::vrrp_host_death);
  EXPECT_EQ(infer_bound_kind(fault("stop-service", "keepalived"), Measured::vip_move, true),
            BoundKind::vrrp_graceful_stop);
  EXPECT_EQ(infer_bound_kind(fault("kill-service", "keepalived"), Measured::outage, true), BoundKind::vrrp_host_death);
  EXPECT_EQ(infer_bound_kind(fault("kill-service", "haproxy"), Measured::outage, true), BoundKind::haproxy_death);
  EXPECT_EQ(infer_bound_kind(fault("link-down"), Measured::outage, false), BoundKind::backend_down);
  EXPECT_EQ(infer_bound_kind(fault("etcd-replace-member"), Measured::outage, false), BoundKind::backend_down);
  EXPECT_EQ(infer_bound_kind(fault("link-down"), Measured::leader_change, false), BoundKind::etcd_leader_loss);
  EXPECT_FALSE(infer_bound_kind(fault("netem"), Measured::outage, false));
  EXPECT_FALSE(infer_bound_kind(fault("link-down"), Measured::vip_move, false));
}

TEST(Bounds, TakeoverPriorityIsTheBestRemainingVipHost) {
  const lab::Plan plan = testing::make_plan();
  provisioner::Settings s;  // lb 150, masters 120, 110, 100
  EXPECT_EQ(takeover_priority(plan, s, {"lb"}), 120);
  EXPECT_EQ(takeover_priority(plan, s, {"lb", "m1"}), 110);
  EXPECT_EQ(takeover_priority(plan, s, {"m2"}), 150);
}

}  // namespace
}  // namespace klab::scenarios
