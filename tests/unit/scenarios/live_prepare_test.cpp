// RunOptions::prepare, the hook `klab scenario --from-snapshot` uses to restore the
// snapshot before every case: called once per case run, before the precondition gate;
// a reason makes the case inconclusive with nothing injected; an Error is a harness error.
#include <gtest/gtest.h>

#include "fakes.hpp"
#include "base/error.hpp"
#include "lab/progress.hpp"
#include "provisioner/settings.hpp"
#include "scenarios/engine.hpp"
#include "scenarios/scenario_parse.hpp"

namespace klab::scenarios {
namespace {

using namespace testing;

Scenario two_cases() {
  return parse_scenario(
      "name: t\ndescription: d\nexpected: e\n"
      "preconditions: {require: [hosts-running, etcd-healthy, vip-held], wait: 10s}\n"
      "invariants: [lb-single-master]\ncases:\n"
      "  - {name: one, target: vip:holder, fault: {type: suspend}, hold: 1s}\n"
      "  - {name: two, target: vip:holder, fault: {type: suspend}, hold: 1s}\n",
      "test.yaml");
}

struct World {
  lab::Plan plan = make_plan();
  provisioner::Settings settings;
  FakeClusterView view = FakeClusterView::healthy();
  FakeLab lab{view, plan};
  FakeProbeSet probes;
  FakeTransports transports;
  FakeClock clock;
  lab::NullProgress progress;
  Engine engine{EngineDeps{plan, settings, lab, view, probes, transports.fn(), clock, progress, [] { return false; }}};
  World() {
    for (const auto& h : plan.hosts) transports[h.name].on("date +%s", "1700000000\n");
  }
};

TEST(LivePrepare, RunsBeforeEveryCaseRunAndBeforeTheFault) {
  World w;
  std::vector<std::string> prepared;
  RunOptions o;
  o.repeat = 2;
  o.prepare = [&](const Scenario& s, const Case& c, int iteration) -> std::optional<std::string> {
    prepared.push_back(s.name + "/" + c.name + "#" + std::to_string(iteration) + " after " +
                       std::to_string(w.lab.calls.size()) + " lab calls");
    return std::nullopt;
  };
  const RunReport r = w.engine.run({two_cases()}, o);
  ASSERT_EQ(r.cases.size(), 4u);
  for (const CaseReport& c : r.cases) EXPECT_EQ(c.verdict, Verdict::passed) << c.name();
  const std::vector<std::string> expected = {"t/one#1 after 0 lab calls", "t/one#2 after 2 lab calls",
                                             "t/two#1 after 4 lab calls", "t/two#2 after 6 lab calls"};
  EXPECT_EQ(prepared, expected);
}

TEST(LivePrepare, AReasonIsInconclusiveWithNothingInjected) {
  World w;
  RunOptions o;
  o.prepare = [](const Scenario&, const Case& c, int) -> std::optional<std::string> {
    if (c.name == "one") return "snapshot restored, but the guest clocks could not be resynced";
    return std::nullopt;
  };
  const RunReport r = w.engine.run({two_cases()}, o);
  ASSERT_EQ(r.cases.size(), 2u);
  EXPECT_EQ(r.cases[0].verdict, Verdict::inconclusive);
  EXPECT_TRUE(r.cases[0].faults_injected.empty());
  ASSERT_FALSE(r.cases[0].reasons.empty());
  EXPECT_NE(r.cases[0].reasons[0].find("clocks could not be resynced"), std::string::npos);
  EXPECT_EQ(r.cases[1].verdict, Verdict::passed);
  EXPECT_EQ(w.lab.calls, (std::vector<std::string>{"suspend lb", "resume lb"}));
  EXPECT_EQ(exit_code(r), 3);
}

TEST(LivePrepare, AnErrorIsAHarnessError) {
  World w;
  RunOptions o;
  o.prepare = [](const Scenario&, const Case&, int) -> std::optional<std::string> {
    throw infra_error("libvirt: snapshot revert failed");
  };
  const RunReport r = w.engine.run({two_cases()}, o);
  ASSERT_EQ(r.cases.size(), 2u);
  EXPECT_EQ(r.cases[0].verdict, Verdict::error);
  EXPECT_TRUE(w.lab.calls.empty());
  EXPECT_EQ(exit_code(r), 2);
}

}  // namespace
}  // namespace klab::scenarios
