#include "scenarios/scenario_parse.hpp"

#include <algorithm>
#include <set>

#include "lab/yaml_reader.hpp"
#include "scenarios/checks/registry.hpp"
#include "scenarios/parse_fields.hpp"
#include "scenarios/scenario_words.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {

namespace {

void read_preconditions(lab::YamlReader& r, const YAML::Node& root, Scenario& s) {
  const YAML::Node node = root["preconditions"];
  s.preconditions.require = {Requirement::hosts_running, Requirement::etcd_healthy};
  if (!node || !r.expect_map(node, "preconditions")) return;
  r.check_keys(node, "preconditions", {"require", "wait"});
  if (node["require"]) {
    s.preconditions.require.clear();
    const auto words = read_words(r, node, "require", "preconditions.require");
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (auto req = parse_requirement(words[i])) s.preconditions.require.push_back(*req);
      else {
        std::string all = base::join(requirement_words(), ", ");
        r.error(node["require"][i], "preconditions.require[" + std::to_string(i) + "]",
                "unknown requirement '" + words[i] + "': use " + all);
      }
    }
  }
  if (auto wait = read_duration(r, node, "wait", "preconditions.wait")) s.preconditions.wait = *wait;
}

void read_workload(lab::YamlReader& r, const YAML::Node& root, Scenario& s) {
  const YAML::Node node = root["workload"];
  if (!node || !r.expect_map(node, "workload")) return;
  r.check_keys(node, "workload", {"writer", "probe_interval"});
  if (auto writer = read_bool(r, node, "writer", "workload.writer")) s.workload.writer = *writer;
  if (auto interval = read_duration(r, node, "probe_interval", "workload.probe_interval")) {
    if (interval->count() < 10 || interval->count() > 10000)
      r.error(node["probe_interval"], "workload.probe_interval",
              "use 10ms to 10s: the issue asks for 100ms or better resolution");
    else
      s.workload.probe_interval = *interval;
  }
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& source) {
  lab::YamlReader r(source);
  const YAML::Node root = r.load(text);
  Scenario s;
  s.source = source;
  if (!root || !r.expect_map(root, "")) r.throw_if_errors();
  r.check_keys(root, "", {"name", "description", "expected", "preconditions", "workload", "invariants", "cases"});

  if (auto name = r.string(root, "name", "name")) {
    s.name = *name;
    if (!is_slug(s.name))
      r.error(root["name"], "name", "'" + s.name + "' is not lower-case words joined by dashes (lb-failover)");
  } else if (!root["name"]) {
    r.error(root, "name", "missing: the scenario's name (klab scenario run NAME)");
  }
  s.description = r.string(root, "description", "description").value_or("");
  if (!root["description"]) r.error(root, "description", "missing: one line saying what the scenario does");
  s.expected = r.string(root, "expected", "expected").value_or("");
  if (!root["expected"]) r.error(root, "expected", "missing: the behaviour the scenario expects, in prose");
  read_preconditions(r, root, s);
  read_workload(r, root, s);
  s.invariants = read_words(r, root, "invariants", "invariants");
  for (std::size_t i = 0; i < s.invariants.size(); ++i)
    if (std::find(check_names().begin(), check_names().end(), s.invariants[i]) == check_names().end()) {
      std::string all = base::join(check_names(), ", ");
      r.error(root["invariants"][i], "invariants[" + std::to_string(i) + "]",
              "unknown check '" + s.invariants[i] + "': use " + all);
    }

  const YAML::Node cases = root["cases"];
  if (!cases) {
    r.error(root, "cases", "missing: a scenario needs at least one case");
  } else if (!cases.IsSequence() || cases.size() == 0) {
    r.error(cases, "cases", "expected a non-empty list of cases (- name: ...)");
  } else {
    std::set<std::string> names;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const std::string field = "cases[" + std::to_string(i) + "]";
      auto c = read_case(r, cases[i], field);
      if (!c) continue;
      if (!c->name.empty() && !names.insert(c->name).second)
        r.error(cases[i]["name"], field + ".name", "case name '" + c->name + "' is used twice: names must be unique");
      s.cases.push_back(std::move(*c));
    }
  }
  r.throw_if_errors();
  return s;
}

}  // namespace klab::scenarios
