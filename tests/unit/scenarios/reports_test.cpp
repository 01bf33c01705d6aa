// Report shapes: JUnit XML parsed back with pugixml, JSON fields, the terminal table,
// and the exit code mapping.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <sstream>

#include "base/error.hpp"
#include "scenarios/reports/json.hpp"
#include "scenarios/reports/junit.hpp"
#include "scenarios/reports/terminal.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;

CaseReport make_case(std::string scenario, std::string name, Verdict v) {
  CaseReport c;
  c.scenario = std::move(scenario);
  c.case_name = std::move(name);
  c.verdict = v;
  c.seed = 77;
  c.target = "etcd:follower";
  c.target_hosts = {"m2"};
  c.fault = "link-down";
  c.duration = 1500ms;
  c.timeline = {{0ms, EventKind::step, "", "precondition gate"}, {1200ms, EventKind::fault, "m2", "link of m2 down"}};
  c.outages.outages = {{"vip", ConnectionMode::fresh, 1300ms, 4100ms, false, 28, "connect: refused"}};
  c.outages.series = {{"vip", ConnectionMode::fresh, 100, 28, 1, 2800ms, 2800ms}};
  c.expectations = {{"outage vip/any longest", v != Verdict::failed, 2800ms, 6200ms, "bound backend-down"}};
  c.checks = {{"etcd-hashkv", true, "HashKV equal", {}}};
  if (v == Verdict::failed) c.reasons = {"invariant etcd-members: m2 is not a started member", "second reason"};
  if (v == Verdict::inconclusive) c.reasons = {"the lab was not healthy before the fault"};
  if (v == Verdict::error) c.reasons = {"harness error: ssh down"};
  return c;
}

RunReport make_report() {
  RunReport r;
  r.lab = "lab1";
  r.seed = 12345;
  r.cases = {make_case("etcd-rejoin", "a-follower", Verdict::passed), make_case("etcd-rejoin", "b-follower", Verdict::failed),
             make_case("lb-failover", "haproxy-killed", Verdict::inconclusive),
             make_case("lb-failover", "vm-destroyed", Verdict::error)};
  return r;
}

TEST(JUnit, OneTestcasePerCaseWithClassnameFailureAndProperties) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(render_junit(make_report()).c_str()));
  pugi::xml_node root = doc.child("testsuites");
  EXPECT_EQ(root.attribute("tests").as_int(), 4);
  EXPECT_EQ(root.attribute("failures").as_int(), 1);
  EXPECT_EQ(root.attribute("errors").as_int(), 1);
  EXPECT_EQ(root.attribute("skipped").as_int(), 1);
  std::vector<std::string> suites;
  for (pugi::xml_node s : root.children("testsuite")) suites.push_back(s.attribute("name").value());
  EXPECT_EQ(suites, (std::vector<std::string>{"etcd-rejoin", "lb-failover"}));
  pugi::xml_node failed = root.find_node([](pugi::xml_node n) {
    return std::string(n.name()) == "testcase" && std::string(n.attribute("name").value()) == "b-follower";
  });
  ASSERT_TRUE(failed);
  EXPECT_STREQ(failed.attribute("classname").value(), "etcd-rejoin");
  EXPECT_STREQ(failed.attribute("time").value(), "1.500");
  pugi::xml_node failure = failed.child("failure");
  ASSERT_TRUE(failure);
  EXPECT_STREQ(failure.attribute("message").value(), "invariant etcd-members: m2 is not a started member");
  EXPECT_NE(std::string(failure.text().get()).find("second reason"), std::string::npos);
  std::map<std::string, std::string> props;
  for (pugi::xml_node p : failed.child("properties").children("property"))
    props[p.attribute("name").value()] = p.attribute("value").value();
  EXPECT_EQ(props["seed"], "12345");
  EXPECT_EQ(props["target_host"], "m2");
  EXPECT_EQ(props["target"], "etcd:follower");
  const std::string out = failed.child("system-out").text().get();
  EXPECT_NE(out.find("link of m2 down"), std::string::npos);
  EXPECT_NE(out.find("+1.200s"), std::string::npos);
  EXPECT_NE(out.find("measured 2800ms"), std::string::npos);
  pugi::xml_node skipped = root.find_node([](pugi::xml_node n) { return std::string(n.name()) == "skipped"; });
  ASSERT_TRUE(skipped);
  EXPECT_NE(std::string(skipped.attribute("message").value()).find("inconclusive"), std::string::npos);
  EXPECT_TRUE(root.find_node([](pugi::xml_node n) { return std::string(n.name()) == "error"; }));
}

TEST(JUnit, EscapesWhatBrokeSafely) {
  RunReport r;
  r.cases = {make_case("s", "c", Verdict::failed)};
  r.cases[0].reasons = {"<b>&\"quoted\"</b>"};
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(render_junit(r).c_str()));
  EXPECT_STREQ(doc.child("testsuites").child("testsuite").child("testcase").child("failure").attribute("message").value(),
               "<b>&\"quoted\"</b>");
}

TEST(Json, CarriesSeedTimelineOutagesBoundsAndVerdicts) {
  const nlohmann::json j = report_json(make_report());
  EXPECT_EQ(j["seed"], 12345);
  EXPECT_EQ(j["lab"], "lab1");
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["summary"]["failed"], 1);
  EXPECT_EQ(j["summary"]["passed"], 1);
  ASSERT_EQ(j["cases"].size(), 4u);
  const auto& c = j["cases"][1];
  EXPECT_EQ(c["verdict"], "failed");
  EXPECT_EQ(c["target"]["hosts"][0], "m2");
  EXPECT_EQ(c["seed"], 77);
  EXPECT_EQ(c["timeline"][1]["at_ms"], 1200);
  EXPECT_EQ(c["timeline"][1]["kind"], "fault");
  EXPECT_EQ(c["outages"][0]["start_ms"], 1300);
  EXPECT_EQ(c["outages"][0]["end_ms"], 4100);
  EXPECT_EQ(c["outages"][0]["mode"], "fresh");
  EXPECT_EQ(c["probes"][0]["longest_ms"], 2800);
  EXPECT_EQ(c["expectations"][0]["bound_ms"], 6200);
  EXPECT_EQ(c["expectations"][0]["measured_ms"], 2800);
  EXPECT_EQ(c["checks"][0]["name"], "etcd-hashkv");
  EXPECT_TRUE(c["artifacts"].is_null());
}

TEST(Terminal, TableHasARowPerCaseAndTheReplayHint) {
  std::ostringstream out;
  print_summary(out, make_report());
  const std::string text = out.str();
  EXPECT_NE(text.find("VERDICT"), std::string::npos);
  EXPECT_NE(text.find("b-follower"), std::string::npos);
  EXPECT_NE(text.find("2.8s / 6.2s"), std::string::npos) << text;
  EXPECT_NE(text.find("1 of 4 cases passed"), std::string::npos);
  EXPECT_NE(text.find("--seed 12345"), std::string::npos);
  EXPECT_NE(text.find("  - invariant etcd-members"), std::string::npos);
}

TEST(ExitCode, FailedBeatsErrorBeatsInterruptedBeatsInconclusive) {
  RunReport r;
  EXPECT_EQ(exit_code(r), exit_code::ok);
  r.cases = {make_case("s", "a", Verdict::passed), make_case("s", "b", Verdict::inconclusive)};
  EXPECT_EQ(exit_code(r), 3);
  r.cases.push_back(make_case("s", "c", Verdict::interrupted));
  EXPECT_EQ(exit_code(r), 130);
  r.cases.push_back(make_case("s", "d", Verdict::error));
  EXPECT_EQ(exit_code(r), 2);
  r.cases.push_back(make_case("s", "e", Verdict::failed));
  EXPECT_EQ(exit_code(r), 1);
}

}  // namespace
}  // namespace klab::scenarios
