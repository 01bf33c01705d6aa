// The `expectations:` block of a case.
#include "scenarios/faults/registry.hpp"
#include "scenarios/parse_fields.hpp"

namespace klab::scenarios {

namespace {

std::optional<ChangeExpectation> read_change(lab::YamlReader& r, const YAML::Node& map,
                                             const std::string& key, const std::string& field) {
  const YAML::Node node = map[key];
  if (!node) return std::nullopt;
  if (!r.expect_map(node, field)) return std::nullopt;
  r.check_keys(node, field, {"within", "tolerance"});
  ChangeExpectation change;
  if (auto bound = read_bound(r, node, "within", field + ".within")) change.within = *bound;
  else if (!node["within"]) r.error(node, field + ".within", "missing: say within: derived or within: 5s");
  change.tolerance = read_duration(r, node, "tolerance", field + ".tolerance");
  return change;
}

OutageExpectation read_outage(lab::YamlReader& r, const YAML::Node& node, const std::string& field) {
  OutageExpectation o;
  if (!r.expect_map(node, field)) return o;
  r.check_keys(node, field, {"probe", "mode", "longest", "total", "tolerance"});
  if (auto probe = r.string(node, "probe", field + ".probe")) o.probe = *probe;
  if (auto mode = r.choice(node, "mode", field + ".mode", {"any", "fresh", "reused"})) o.mode = *mode;
  o.longest = read_bound(r, node, "longest", field + ".longest");
  o.total = read_duration(r, node, "total", field + ".total");
  o.tolerance = read_duration(r, node, "tolerance", field + ".tolerance");
  if (!node["longest"] && !node["total"])
    r.error(node, field, "an outage expectation needs longest (a bound) or total (an error budget)");
  return o;
}

}  // namespace

Expectations read_expectations(lab::YamlReader& r, const YAML::Node& node, const std::string& field) {
  Expectations e;
  if (!node) return e;
  if (!r.expect_map(node, field)) return e;
  r.check_keys(node, field,
               {"recovery", "outages", "leader_change", "vip_move", "max_failed_writes", "logs", "detect"});
  if (auto d = read_duration(r, node, "recovery", field + ".recovery")) e.recovery = *d;
  if (const YAML::Node outages = node["outages"]) {
    if (!outages.IsSequence()) {
      r.error(outages, field + ".outages", "expected a list of outage expectations (- probe: vip ...)");
    } else {
      for (std::size_t i = 0; i < outages.size(); ++i)
        e.outages.push_back(read_outage(r, outages[i], field + ".outages[" + std::to_string(i) + "]"));
    }
  }
  e.leader_change = read_change(r, node, "leader_change", field + ".leader_change");
  e.vip_move = read_change(r, node, "vip_move", field + ".vip_move");
  if (auto n = r.integer(node, "max_failed_writes", field + ".max_failed_writes", 0, 1000000, "writes", 0))
    e.max_failed_writes = static_cast<std::size_t>(*n);
  if (const YAML::Node logs = node["logs"]) {
    const std::string f = field + ".logs";
    if (r.expect_map(logs, f)) {
      r.check_keys(logs, f, {"expected", "forbidden", "allowed"});
      e.logs.expected = read_words(r, logs, "expected", f + ".expected");
      e.logs.forbidden = read_words(r, logs, "forbidden", f + ".forbidden");
      e.logs.allowed = read_words(r, logs, "allowed", f + ".allowed");
    }
  }
  e.detect = r.choice(node, "detect", field + ".detect", detectable_mistakes());
  return e;
}

}  // namespace klab::scenarios
