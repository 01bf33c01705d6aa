// Scenario files: a good file parses to what it says; every class of bad input is
// reported with file:line:column and the field, all at once.
#include <gtest/gtest.h>

#include "lab/diagnostics.hpp"
#include "scenarios/scenario_parse.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;

const char* const good = R"(name: demo
description: a demo
expected: the VIP moves
preconditions:
  require: [hosts-running, vip-held]
  wait: 30s
workload:
  writer: false
  probe_interval: 50ms
invariants: [lb-single-master, no-fault-left]
cases:
  - name: lb-down
    target: vip:holder
    fault: {type: destroy}
    hold: {until: vip-moved, timeout: 20s}
    expectations:
      recovery: 2m
      vip_move: {within: derived}
      outages:
        - {probe: vip, mode: fresh, longest: derived, total: 10s}
        - {probe: members, longest: 1500}
      max_failed_writes: 3
      logs: {forbidden: ["oops"], allowed: ["fatal"], expected: ["Entering MASTER"]}
  - name: slow-link
    target: etcd:follower
    count: 2
    fault: {type: netem, delay: 200ms, loss: 5%}
    hold: 5s
    invariants: [etcd-hashkv]
)";

std::vector<lab::Diagnostic> errors_of(const std::string& text) {
  try {
    parse_scenario(text, "s.yaml");
  } catch (const lab::ConfigError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << text;
  return {};
}

/// The one diagnostic for `field`; fails when there is none.
lab::Diagnostic error_for(const std::vector<lab::Diagnostic>& errors, const std::string& field) {
  for (const auto& d : errors)
    if (d.field == field) return d;
  std::string all;
  for (const auto& d : errors) all += "\n  " + d.str();
  ADD_FAILURE() << "no error for field " << field << "; got:" << all;
  return {};
}

std::string with_case(const std::string& case_yaml) {
  return "name: x\ndescription: d\nexpected: e\ncases:\n" + case_yaml;
}

TEST(ScenarioParse, GoodFileParsesEveryField) {
  const Scenario s = parse_scenario(good, "s.yaml");
  EXPECT_EQ(s.name, "demo");
  EXPECT_EQ(s.preconditions.require, (std::vector<Requirement>{Requirement::hosts_running, Requirement::vip_held}));
  EXPECT_EQ(s.preconditions.wait, 30s);
  EXPECT_FALSE(s.workload.writer);
  EXPECT_EQ(s.workload.probe_interval, 50ms);
  ASSERT_EQ(s.cases.size(), 2u);
  const Case& a = s.cases[0];
  EXPECT_EQ(a.target.role, TargetRole::vip_holder);
  EXPECT_EQ(a.fault.type, "destroy");
  EXPECT_EQ(a.hold.until, HoldCondition::vip_moved);
  EXPECT_EQ(a.hold.duration, 20s);
  EXPECT_EQ(a.expectations.recovery, 120s);
  ASSERT_EQ(a.expectations.outages.size(), 2u);
  EXPECT_EQ(a.expectations.outages[0].mode, "fresh");
  EXPECT_FALSE(a.expectations.outages[0].longest->literal);
  EXPECT_EQ(a.expectations.outages[0].total, 10s);
  EXPECT_EQ(a.expectations.outages[1].longest->literal, 1500ms);
  EXPECT_EQ(a.expectations.max_failed_writes, 3u);
  EXPECT_EQ(a.expectations.logs.allowed, std::vector<std::string>{"fatal"});
  ASSERT_TRUE(a.expectations.vip_move);
  const Case& b = s.cases[1];
  EXPECT_EQ(b.target.count, 2);
  EXPECT_EQ(b.fault.params.at("delay"), "200ms");
  EXPECT_EQ(b.fault.params.at("loss"), "5%");
  EXPECT_EQ(b.hold.duration, 5s);
  EXPECT_EQ(b.invariants, std::vector<std::string>{"etcd-hashkv"});
}

TEST(ScenarioParse, SyntaxErrorHasLineAndColumn) {
  auto errors = errors_of("name: x\ncases: [\n");
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].pos.file, "s.yaml");
  EXPECT_GT(errors[0].pos.line, 0);
  EXPECT_NE(errors[0].message.find("syntax"), std::string::npos);
}

TEST(ScenarioParse, MissingTopLevelFieldsAllReported) {
  auto errors = errors_of("workload: {writer: true}\n");
  error_for(errors, "name");
  error_for(errors, "description");
  error_for(errors, "expected");
  error_for(errors, "cases");
}

TEST(ScenarioParse, UnknownKeySuggestsTheRightOne) {
  auto d = error_for(errors_of(with_case("  - name: a\n    target: all\n    fault: {type: destroy}\n    hodl: 5s\n")),
                     "cases[0].hodl");
  EXPECT_NE(d.message.find("did you mean 'hold'"), std::string::npos) << d.message;
  EXPECT_EQ(d.pos.line, 8);
  EXPECT_EQ(d.pos.column, 5);
}

TEST(ScenarioParse, BadTargetNamesTheChoices) {
  auto d = error_for(errors_of(with_case("  - name: a\n    target: etcd:boss\n    fault: {type: destroy}\n")),
                     "cases[0].target");
  EXPECT_NE(d.message.find("etcd:leader"), std::string::npos);
  EXPECT_EQ(d.pos.line, 6);
}

TEST(ScenarioParse, UnknownFaultType) {
  auto d = error_for(errors_of(with_case("  - name: a\n    target: all\n    fault: {type: lnk-down}\n")),
                     "cases[0].fault.type");
  EXPECT_NE(d.message.find("link-down"), std::string::npos);
}

TEST(ScenarioParse, FaultParametersAreChecked) {
  auto errors = errors_of(with_case(
      "  - name: a\n    target: all\n    fault: {type: stop-service}\n"
      "  - name: b\n    target: all\n    fault: {type: netem, delay: fast, bogus: 1}\n"
      "  - name: c\n    target: all\n    fault: {type: wipe-data-dir, service: etcd, path: /var}\n"));
  EXPECT_NE(error_for(errors, "cases[0].fault.service").message.find("missing"), std::string::npos);
  EXPECT_NE(error_for(errors, "cases[1].fault.delay").message.find("not a duration"), std::string::npos);
  error_for(errors, "cases[1].fault.bogus");
  EXPECT_NE(error_for(errors, "cases[2].fault.path").message.find("two levels"), std::string::npos);
}

TEST(ScenarioParse, HoldUntilNeedsATimeoutAndAKnownCondition) {
  auto errors = errors_of(with_case(
      "  - name: a\n    target: all\n    fault: {type: destroy}\n    hold: {until: vip-moved}\n"
      "  - name: b\n    target: all\n    fault: {type: destroy}\n    hold: {until: sunrise, timeout: 5s}\n"
      "  - name: c\n    target: all\n    fault: {type: destroy}\n    hold: 5\n"));
  error_for(errors, "cases[0].hold.timeout");
  error_for(errors, "cases[1].hold.until");
  error_for(errors, "cases[2].hold");
}

TEST(ScenarioParse, HealNoneOnlyForFaultsThatHealThemselves) {
  auto d = error_for(errors_of(with_case("  - name: a\n    target: all\n    fault: {type: link-down}\n    heal: none\n")),
                     "cases[0].heal");
  EXPECT_NE(d.message.find("heal: revert"), std::string::npos);
  EXPECT_NO_THROW(parse_scenario(with_case("  - name: a\n    target: all\n    fault: {type: reset}\n    heal: none\n"), "s"));
}

TEST(ScenarioParse, MistakeFaultsMustNameTheMistakeTheyDetect) {
  auto errors = errors_of(with_case(
      "  - name: a\n    target: etcd:follower\n    fault: {type: etcd-wiped-start-new}\n"
      "  - name: b\n    target: etcd:follower\n    fault: {type: etcd-replace-member}\n"
      "    expectations: {detect: wiped-member-started-new}\n"));
  EXPECT_NE(error_for(errors, "cases[0].expectations.detect").message.find("detect: wiped-member-started-new"),
            std::string::npos);
  EXPECT_NE(error_for(errors, "cases[1].expectations.detect").message.find("etcd-wiped-start-new"), std::string::npos);
}

TEST(ScenarioParse, DerivedBoundMustBeInferableOrNamed) {
  auto errors = errors_of(with_case(
      "  - name: a\n    target: etcd:follower\n    fault: {type: netem, delay: 1s}\n"
      "    expectations: {outages: [{probe: vip, longest: derived}]}\n"
      "  - name: b\n    target: all\n    fault: {type: destroy}\n"
      "    expectations: {outages: [{probe: vip, longest: derived:vrrp-sideways}]}\n"
      "  - name: c\n    target: all\n    fault: {type: destroy}\n"
      "    expectations: {outages: [{probe: vip}]}\n"));
  EXPECT_NE(error_for(errors, "cases[0].expectations.outages[0].longest").message.find("derived:"), std::string::npos);
  error_for(errors, "cases[1].expectations.outages[0].longest");
  error_for(errors, "cases[2].expectations.outages[0]");
  EXPECT_NO_THROW(parse_scenario(
      with_case("  - name: a\n    target: etcd:follower\n    fault: {type: netem, delay: 1s}\n"
                "    expectations: {outages: [{probe: vip, longest: derived:backend-down}]}\n"),
      "s"));
}

TEST(ScenarioParse, TargetRulesAreEnforced) {
  auto errors = errors_of(with_case(
      "  - name: a\n    target: etcd:leader\n    count: 2\n    fault: {type: destroy}\n"
      "  - name: b\n    target: vip:holder\n    fault: {type: etcd-replace-member}\n"
      "  - name: c\n    fault: {type: destroy}\n"));
  error_for(errors, "cases[0].count");
  EXPECT_NE(error_for(errors, "cases[1].target").message.find("etcd members"), std::string::npos);
  error_for(errors, "cases[2].target");
}

TEST(ScenarioParse, NamesInvariantsAndDuplicates) {
  auto errors = errors_of(
      "name: Bad_Name\ndescription: d\nexpected: e\ninvariants: [hash-all]\ncases:\n"
      "  - name: a\n    target: all\n    fault: {type: destroy}\n    invariants: [nope]\n"
      "  - name: a\n    target: all\n    fault: {type: destroy}\n");
  error_for(errors, "name");
  error_for(errors, "invariants[0]");
  error_for(errors, "cases[0].invariants[0]");
  EXPECT_NE(error_for(errors, "cases[1].name").message.find("twice"), std::string::npos);
}

TEST(ScenarioParse, WorkloadAndPreconditionsAreChecked) {
  auto errors = errors_of(
      "name: x\ndescription: d\nexpected: e\npreconditions: {require: [quorum]}\n"
      "workload: {writer: yes-please, probe_interval: 1ms}\ncases:\n  - name: a\n    target: all\n"
      "    fault: {type: destroy}\n");
  error_for(errors, "preconditions.require[0]");
  error_for(errors, "workload.writer");
  error_for(errors, "workload.probe_interval");
}

TEST(ScenarioParse, EveryErrorOfAFileAtOnce) {
  auto errors = errors_of(with_case(
      "  - name: A\n    target: nobody\n    fault: {type: destroy}\n    hold: soon\n    heal: maybe\n"));
  EXPECT_GE(errors.size(), 4u);
  for (const auto& d : errors) {
    EXPECT_EQ(d.pos.file, "s.yaml");
    EXPECT_GT(d.pos.line, 0) << d.str();
  }
}

}  // namespace
}  // namespace klab::scenarios
