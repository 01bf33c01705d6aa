#include "scenarios/reports/junit.hpp"

#include <pugixml.hpp>

#include <cstdio>
#include <map>
#include <sstream>

#include "scenarios/reports/timeline_text.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {

namespace {

std::string seconds(std::chrono::milliseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

void property(pugi::xml_node props, const std::string& name, const std::string& value) {
  pugi::xml_node p = props.append_child("property");
  p.append_attribute("name") = name.c_str();
  p.append_attribute("value") = value.c_str();
}

void testcase(pugi::xml_node suite, const CaseReport& c, std::uint64_t run_seed) {
  pugi::xml_node tc = suite.append_child("testcase");
  tc.append_attribute("classname") = c.scenario.c_str();
  tc.append_attribute("name") = c.name().c_str();
  tc.append_attribute("time") = seconds(c.duration).c_str();
  pugi::xml_node props = tc.append_child("properties");
  property(props, "seed", std::to_string(run_seed));
  property(props, "case_seed", std::to_string(c.seed));
  property(props, "target", c.target);
  std::string hosts = base::join(c.target_hosts, ",");
  property(props, "target_host", hosts);
  property(props, "fault", c.fault);
  property(props, "verdict", to_string(c.verdict));
  if (!c.artifacts.empty()) property(props, "artifacts", c.artifacts.string());
  const std::string reasons = base::join(c.reasons, "\n");
  const std::string first = c.reasons.empty() ? to_string(c.verdict) : c.reasons.front();
  switch (c.verdict) {
    case Verdict::passed: break;
    case Verdict::failed: {
      pugi::xml_node f = tc.append_child("failure");
      f.append_attribute("message") = first.c_str();
      f.append_attribute("type") = "check_failed";
      f.text() = reasons.c_str();
      break;
    }
    case Verdict::error:
    case Verdict::interrupted: {
      pugi::xml_node e = tc.append_child("error");
      e.append_attribute("message") = first.c_str();
      e.append_attribute("type") = to_string(c.verdict).c_str();
      e.text() = reasons.c_str();
      break;
    }
    case Verdict::inconclusive: {
      // Not passed and not failed: CI shows it as skipped, with the reason.
      pugi::xml_node s = tc.append_child("skipped");
      s.append_attribute("message") = ("inconclusive: " + first).c_str();
      break;
    }
  }
  tc.append_child("system-out").text() = render_timeline_text(c).c_str();
}

}  // namespace

std::string render_junit(const RunReport& report) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = doc.append_child("testsuites");
  root.append_attribute("name") = ("klab scenarios (lab " + report.lab + ")").c_str();

  std::vector<std::string> order;
  std::map<std::string, std::vector<const CaseReport*>> by_scenario;
  for (const CaseReport& c : report.cases) {
    if (!by_scenario.count(c.scenario)) order.push_back(c.scenario);
    by_scenario[c.scenario].push_back(&c);
  }
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  std::chrono::milliseconds total{0};
  for (const std::string& name : order) {
    pugi::xml_node suite = root.append_child("testsuite");
    suite.append_attribute("name") = name.c_str();
    std::size_t f = 0, e = 0, s = 0;
    std::chrono::milliseconds time{0};
    for (const CaseReport* c : by_scenario[name]) {
      f += c->verdict == Verdict::failed;
      e += c->verdict == Verdict::error || c->verdict == Verdict::interrupted;
      s += c->verdict == Verdict::inconclusive;
      time += c->duration;
    }
    suite.append_attribute("tests") = static_cast<unsigned long long>(by_scenario[name].size());
    suite.append_attribute("failures") = static_cast<unsigned long long>(f);
    suite.append_attribute("errors") = static_cast<unsigned long long>(e);
    suite.append_attribute("skipped") = static_cast<unsigned long long>(s);
    suite.append_attribute("time") = seconds(time).c_str();
    pugi::xml_node props = suite.append_child("properties");
    property(props, "seed", std::to_string(report.seed));
    property(props, "lab", report.lab);
    for (const CaseReport* c : by_scenario[name]) testcase(suite, *c, report.seed);
    tests += by_scenario[name].size();
    failures += f;
    errors += e;
    skipped += s;
    total += time;
  }
  root.append_attribute("tests") = static_cast<unsigned long long>(tests);
  root.append_attribute("failures") = static_cast<unsigned long long>(failures);
  root.append_attribute("errors") = static_cast<unsigned long long>(errors);
  root.append_attribute("skipped") = static_cast<unsigned long long>(skipped);
  root.append_attribute("time") = seconds(total).c_str();
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace klab::scenarios
