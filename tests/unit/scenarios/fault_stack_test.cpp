// FaultStack bookkeeping: newest first, every guard tried even when one throws, reverted
// on destruction (a step threw, Ctrl-C), and what is left behind is reported.
#include <gtest/gtest.h>

#include "fault_support.hpp"
#include "scenarios/faults/fault_stack.hpp"

namespace klab::scenarios {
namespace {

using testing::FaultWorld;

std::unique_ptr<ActiveFault> recording(std::vector<std::string>& log, const std::string& name, bool fail = false,
                                       bool* left = nullptr) {
  return make_guard(
      name,
      [&log, name, fail](FaultContext&) {
        log.push_back(name);
        if (fail) throw Error(ErrorKind::check_failed, name + " would not revert");
      },
      [left, name](FaultContext&) -> std::optional<std::string> {
        if (left && *left) return name + " still there";
        return std::nullopt;
      });
}

TEST(FaultStack, RevertsNewestFirstAndOnlyOnce) {
  FaultWorld w;
  std::vector<std::string> log;
  FaultStack stack(w.ctx);
  stack.push(recording(log, "one"));
  stack.push(recording(log, "two"));
  stack.push(recording(log, "three"));
  EXPECT_FALSE(stack.all_reverted());
  EXPECT_TRUE(stack.revert_all().empty());
  EXPECT_EQ(log, (std::vector<std::string>{"three", "two", "one"}));
  EXPECT_TRUE(stack.revert_all().empty());
  EXPECT_EQ(log.size(), 3u) << "a reverted guard is not reverted again";
  EXPECT_TRUE(stack.all_reverted());
  EXPECT_EQ(stack.injected(), (std::vector<std::string>{"one", "two", "three"}));
}

TEST(FaultStack, KeepsGoingAfterAFailedRevertAndKeepsItsKind) {
  FaultWorld w;
  std::vector<std::string> log;
  FaultStack stack(w.ctx);
  stack.push(recording(log, "one"));
  stack.push(recording(log, "two", /*fail=*/true));
  stack.push(recording(log, "three"));
  const auto errors = stack.revert_all();
  EXPECT_EQ(log, (std::vector<std::string>{"three", "two", "one"}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].kind, ErrorKind::check_failed);
  EXPECT_NE(errors[0].message.find("two"), std::string::npos);
}

TEST(FaultStack, DestructorRevertsWhenAStepThrew) {
  FaultWorld w;
  std::vector<std::string> log;
  try {
    FaultStack stack(w.ctx);
    stack.push(recording(log, "link down"));
    stack.push(recording(log, "netem"));
    throw infra_error("step three failed");
  } catch (const Error&) {
  }
  EXPECT_EQ(log, (std::vector<std::string>{"netem", "link down"}));
}

TEST(FaultStack, LeftBehindAsksEveryGuard) {
  FaultWorld w;
  std::vector<std::string> log;
  bool stuck = true, gone = false;
  FaultStack stack(w.ctx);
  stack.push(recording(log, "a", false, &gone));
  stack.push(recording(log, "b", false, &stuck));
  stack.push(make_guard("c", nullptr, [](FaultContext&) -> std::optional<std::string> {
    throw infra_error("cannot ask");
  }));
  stack.revert_all();
  const auto left = stack.left_behind();
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0], "b still there");
  EXPECT_NE(left[1].find("cannot verify 'c'"), std::string::npos);
}

TEST(FaultStack, EveryStepAndRevertIsOnTheTimeline) {
  FaultWorld w;
  std::vector<std::string> log;
  {
    FaultStack stack(w.ctx);
    stack.push(recording(log, "x"));
  }
  const auto events = w.timeline.events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, EventKind::fault);
  EXPECT_EQ(events[1].kind, EventKind::revert);
}

}  // namespace
}  // namespace klab::scenarios
