// Host-side faults over LabControl: each does its operation, reverts it, and verifies the
// removal; a failing operation leaves exactly the completed steps to undo.
#include <gtest/gtest.h>

#include "fault_support.hpp"
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/registry.hpp"

namespace klab::scenarios {
namespace {

using testing::FaultWorld;

FaultSpec spec(std::string type, std::map<std::string, std::string> params = {}) {
  FaultSpec s;
  s.type = std::move(type);
  s.params = std::move(params);
  return s;
}

TEST(HostFaults, LinkDownAndBack) {
  FaultWorld w;
  FaultStack stack(w.ctx);
  make_fault(spec("link-down"))->inject(w.ctx, {"m2"}, stack);
  EXPECT_FALSE(w.lab.link["m2"]);
  EXPECT_EQ(stack.left_behind(), std::vector<std::string>{"the link of m2 is still down"});
  EXPECT_TRUE(stack.revert_all().empty());
  EXPECT_TRUE(w.lab.link["m2"]);
  EXPECT_TRUE(stack.left_behind().empty());
}

TEST(HostFaults, SuspendResumes) {
  FaultWorld w;
  FaultStack stack(w.ctx);
  make_fault(spec("suspend"))->inject(w.ctx, {"lb"}, stack);
  EXPECT_EQ(w.lab.power["lb"], lab::HostState::paused);
  EXPECT_EQ(w.view.holders, std::vector<std::string>{"m1"}) << "the fake moves the VIP";
  stack.revert_all();
  EXPECT_EQ(w.lab.calls.back(), "resume lb");
  EXPECT_TRUE(stack.left_behind().empty());
}

TEST(HostFaults, DestroyStartsAgainAndNoticesAHostThatStaysOff) {
  FaultWorld w;
  FaultStack stack(w.ctx);
  make_fault(spec("destroy"))->inject(w.ctx, {"m1", "m2"}, stack);
  EXPECT_TRUE(w.ctx.effective_at) << "host-side faults mark when they took effect";
  w.lab.ignore_start = true;
  stack.revert_all();
  EXPECT_EQ(w.lab.calls, (std::vector<std::string>{"destroy m1", "destroy m2", "start m2", "start m1"}));
  EXPECT_EQ(stack.left_behind().size(), 2u);
}

TEST(HostFaults, ResetNeedsNoRevertWhenTheHostRuns) {
  FaultWorld w;
  FaultStack stack(w.ctx);
  make_fault(spec("reset"))->inject(w.ctx, {"m3"}, stack);
  stack.revert_all();
  EXPECT_EQ(w.lab.calls, std::vector<std::string>{"reset m3"});
}

TEST(HostFaults, NetemAddsAndRemoves) {
  FaultWorld w;
  FaultStack stack(w.ctx);
  make_fault(spec("netem", {{"delay", "200ms"}, {"jitter", "20ms"}, {"loss", "5%"}}))->inject(w.ctx, {"m1"}, stack);
  ASSERT_TRUE(w.lab.netem.count("m1"));
  EXPECT_EQ(w.lab.netem["m1"].delay, std::chrono::milliseconds(200));
  EXPECT_EQ(w.lab.netem["m1"].loss_percent, 5.0);
  stack.revert_all();
  EXPECT_FALSE(w.lab.has_netem("m1"));
  EXPECT_THROW(make_fault(spec("netem")), Error) << "a netem without delay or loss does nothing";
}

TEST(HostFaults, PartitionAgainstAllOthersOrNamedPeers) {
  FaultWorld w;
  {
    FaultStack stack(w.ctx);
    make_fault(spec("partition", {{"peers", "all-others"}}))->inject(w.ctx, {"m1"}, stack);
    EXPECT_EQ(w.lab.partitions.size(), 3u);
    stack.revert_all();
    EXPECT_TRUE(w.lab.partitions.empty());
  }
  FaultStack stack(w.ctx);
  make_fault(spec("partition", {{"peers", "m2,m3"}}))->inject(w.ctx, {"m1"}, stack);
  EXPECT_EQ(w.lab.partitions.size(), 2u);
  EXPECT_THROW(make_fault(spec("partition", {{"peers", "m9"}}))->inject(w.ctx, {"m1"}, stack), Error);
}

TEST(HostFaults, AFailedStepLeavesOnlyTheCompletedOnesToUndo) {
  FaultWorld w;
  w.lab.fail_on = "destroy";
  FaultStack stack(w.ctx);
  EXPECT_THROW(make_fault(spec("destroy"))->inject(w.ctx, {"m1"}, stack), Error);
  EXPECT_TRUE(stack.injected().empty());
  w.lab.fail_on.clear();
  w.lab.fail_on = "link-up";
  make_fault(spec("link-down"))->inject(w.ctx, {"m1"}, stack);
  const auto errors = stack.revert_all();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].kind, ErrorKind::infrastructure);
  EXPECT_FALSE(stack.left_behind().empty());
}

}  // namespace
}  // namespace klab::scenarios
