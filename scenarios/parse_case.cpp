// One entry of `cases:`: target, fault, hold, heal, expectations, invariants.
#include <algorithm>

#include "scenarios/checks/registry.hpp"
#include "scenarios/faults/registry.hpp"
#include "scenarios/measure/bounds.hpp"
#include "scenarios/parse_fields.hpp"
#include "scenarios/scenario_words.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {

namespace {

std::optional<FaultSpec> read_fault(lab::YamlReader& r, const YAML::Node& node, const std::string& field) {
  if (!node) {
    r.error_at(r.pos(node), field, "missing: every case needs a fault (fault: {type: link-down})");
    return std::nullopt;
  }
  if (!r.expect_map(node, field)) return std::nullopt;
  FaultSpec spec;
  spec.pos = r.pos(node);
  auto type_name = r.choice(node, "type", field + ".type", fault_type_names());
  if (!type_name) {
    if (!node["type"]) r.error(node, field + ".type", "missing: say which fault, e.g. type: link-down");
    return std::nullopt;
  }
  spec.type = *type_name;
  const FaultType* type = find_fault_type(spec.type);
  std::vector<std::string> allowed = {"type"};
  for (const ParamSpec& p : type->params) allowed.push_back(p.name);
  r.check_keys(node, field, allowed);
  bool ok = true;
  for (const ParamSpec& p : type->params) {
    const std::string f = field + "." + p.name;
    const YAML::Node value = node[p.name];
    if (!value) {
      if (p.required) {
        r.error(node, f, "missing: fault " + spec.type + " needs " + p.name + " (" + p.help + ")");
        ok = false;
      }
      continue;
    }
    std::string text;
    if (value.IsSequence() && p.kind == ParamKind::hosts) {
      for (std::size_t i = 0; i < value.size(); ++i)
        text += (i ? "," : "") + (value[i].IsScalar() ? value[i].Scalar() : std::string("?"));
    } else if (value.IsScalar()) {
      text = value.Scalar();
    } else {
      r.error(value, f, "expected a single value (" + p.help + ")");
      ok = false;
      continue;
    }
    if (auto problem = check_param(p, text)) {
      r.error(value, f, *problem);
      ok = false;
      continue;
    }
    spec.params[p.name] = text;
  }
  if (!ok) return std::nullopt;
  return spec;
}

HoldSpec read_hold(lab::YamlReader& r, const YAML::Node& map, const std::string& field) {
  HoldSpec hold;
  const YAML::Node node = map["hold"];
  if (!node) return hold;
  if (node.IsScalar()) {
    if (auto d = read_duration(r, map, "hold", field)) hold.duration = *d;
    return hold;
  }
  if (!r.expect_map(node, field)) return hold;
  r.check_keys(node, field, {"until", "timeout"});
  if (auto until = r.choice(node, "until", field + ".until", hold_condition_words()))
    hold.until = parse_hold_condition(*until);
  else if (!node["until"])
    r.error(node, field + ".until", "missing: hold until what (" + base::join(hold_condition_words(), ", ") + ")");
  if (auto timeout = read_duration(r, node, "timeout", field + ".timeout")) hold.duration = *timeout;
  else if (!node["timeout"])
    r.error(node, field + ".timeout", "missing: hold until a condition needs a deadline (timeout: 60s)");
  return hold;
}

void read_target(lab::YamlReader& r, const YAML::Node& node, const std::string& field, Case& c) {
  auto text = r.string(node, "target", field + ".target");
  if (!text) {
    if (!node["target"]) r.error(node, field + ".target", "missing: one of " + base::join(target_words(), ", "));
    return;
  }
  auto target = parse_target(*text);
  if (!target) {
    r.error(node["target"], field + ".target", "'" + *text + "' is not a target: use one of " + base::join(target_words(), ", "));
    return;
  }
  c.target = *target;
  if (auto count = r.integer(node, "count", field + ".count", 1, 16, "hosts", 2)) {
    c.target.count = *count;
    const TargetRole role = c.target.role;
    if (*count > 1 && (role == TargetRole::host || role == TargetRole::etcd_leader ||
                       role == TargetRole::vip_holder || role == TargetRole::all))
      r.error(node["count"], field + ".count", "target " + *text + " names one host (or all): count must be 1");
  }
}

void validate_derived(lab::YamlReader& r, const YAML::Node& node, const std::string& field, const Case& c,
                      const std::optional<BoundSpec>& bound, Measured what) {
  if (!bound || bound->literal || bound->derived != BoundKind::infer) return;
  const TargetRole role = c.target.role;
  const bool may_hold = role == TargetRole::vip_holder || role == TargetRole::host || role == TargetRole::all;
  const bool may_not = role != TargetRole::vip_holder;
  const bool inferable = (may_hold && infer_bound_kind(c.fault, what, true)) ||
                         (may_not && infer_bound_kind(c.fault, what, false));
  if (!inferable)
    r.error(node, field,
            "'derived' cannot tell which bound applies to fault " + c.fault.type + " on " + to_string(c.target) +
                ": name it, e.g. derived:" + bound_kind_words().front());
}

}  // namespace

std::optional<Case> read_case(lab::YamlReader& r, const YAML::Node& node, const std::string& field) {
  if (!r.expect_map(node, field)) return std::nullopt;
  r.check_keys(node, field,
               {"name", "description", "target", "count", "fault", "hold", "heal", "expectations", "invariants"});
  Case c;
  c.pos = r.pos(node);
  if (auto name = r.string(node, "name", field + ".name")) {
    c.name = *name;
    if (!is_slug(c.name))
      r.error(node["name"], field + ".name", "'" + c.name + "' is not lower-case words joined by dashes (a-follower-restart)");
  } else if (!node["name"]) {
    r.error(node, field + ".name", "missing: every case needs a name (it becomes the JUnit test case)");
  }
  c.description = r.string(node, "description", field + ".description").value_or("");
  read_target(r, node, field, c);
  auto fault = read_fault(r, node["fault"], field + ".fault");
  if (fault) c.fault = *fault;
  c.hold = read_hold(r, node, field + ".hold");
  if (auto heal = r.choice(node, "heal", field + ".heal", {"revert", "none"})) {
    c.heal = *heal == "none" ? HealMode::none : HealMode::revert;
    if (fault && c.heal == HealMode::none && !heals_itself(fault->type))
      r.error(node["heal"], field + ".heal",
              "heal: none would leave fault " + fault->type + " in place until the end of the case: "
              "only reset, reboot and kill-service heal themselves; use heal: revert");
  }
  c.expectations = read_expectations(r, node["expectations"], field + ".expectations");
  c.invariants = read_words(r, node, "invariants", field + ".invariants");
  for (std::size_t i = 0; i < c.invariants.size(); ++i)
    if (std::find(check_names().begin(), check_names().end(), c.invariants[i]) == check_names().end())
      r.error(node["invariants"][i], field + ".invariants[" + std::to_string(i) + "]",
              "unknown check '" + c.invariants[i] + "': use " + base::join(check_names(), ", "));
  if (!fault) return c;

  const FaultType* type = find_fault_type(fault->type);
  const TargetRole role = c.target.role;
  if (type->masters_only && (role == TargetRole::vip_holder || role == TargetRole::lb_backup))
    r.error(node["target"], field + ".target",
            "fault " + fault->type + " acts on etcd members: target etcd:leader, etcd:follower, master:any or "
            "host:<master>");
  const YAML::Node ex = node["expectations"];
  for (const std::string& mistake : detectable_mistakes())
    if (mistake_detected_by(mistake) == fault->type && !c.expectations.detect)
      r.error(ex ? ex : node, field + ".expectations.detect",
              "fault " + fault->type + " is an operator mistake the case must see detected: add detect: " + mistake);
  if (c.expectations.detect && mistake_detected_by(*c.expectations.detect) != fault->type)
    r.error(ex["detect"], field + ".expectations.detect",
            "mistake '" + *c.expectations.detect + "' is detected by fault " +
                mistake_detected_by(*c.expectations.detect) + ", not by " + fault->type);
  for (std::size_t i = 0; i < c.expectations.outages.size(); ++i)
    validate_derived(r, ex["outages"][i], field + ".expectations.outages[" + std::to_string(i) + "].longest", c,
                     c.expectations.outages[i].longest, Measured::outage);
  if (c.expectations.vip_move)
    validate_derived(r, ex["vip_move"], field + ".expectations.vip_move.within", c,
                     c.expectations.vip_move->within, Measured::vip_move);
  return c;
}

}  // namespace klab::scenarios
