#include "scenarios/scenario_words.hpp"

#include <algorithm>
#include <cctype>

namespace klab::scenarios {

namespace {

bool is_host_name(const std::string& name) {
  return !name.empty() && std::isalnum(static_cast<unsigned char>(name[0])) &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
         });
}

template <typename Enum>
std::optional<Enum> lookup(const std::string& text, std::initializer_list<Enum> values) {
  for (Enum v : values)
    if (to_string(v) == text) return v;
  return std::nullopt;
}

}  // namespace

std::optional<TargetSpec> parse_target(const std::string& text) {
  TargetSpec t;
  if (text.rfind("host:", 0) == 0) {
    t.role = TargetRole::host;
    t.host = text.substr(5);
    if (!is_host_name(t.host)) return std::nullopt;
    return t;
  }
  for (TargetRole role : {TargetRole::etcd_leader, TargetRole::etcd_follower, TargetRole::vip_holder,
                          TargetRole::lb_backup, TargetRole::master_any, TargetRole::all}) {
    t.role = role;
    if (to_string(t) == text) return t;
  }
  return std::nullopt;
}

std::optional<HoldCondition> parse_hold_condition(const std::string& text) {
  return lookup(text, {HoldCondition::leader_changed, HoldCondition::vip_moved,
                       HoldCondition::target_unreachable, HoldCondition::healthy});
}

std::optional<Requirement> parse_requirement(const std::string& text) {
  return lookup(text, {Requirement::hosts_running, Requirement::etcd_healthy, Requirement::vip_held,
                       Requirement::keepalived_one_master});
}

std::optional<BoundKind> parse_bound_kind(const std::string& text) {
  return lookup(text, {BoundKind::vrrp_host_death, BoundKind::vrrp_graceful_stop,
                       BoundKind::haproxy_death, BoundKind::backend_down, BoundKind::etcd_leader_loss});
}

std::vector<std::string> target_words() {
  return {"etcd:leader", "etcd:follower", "vip:holder", "lb:backup", "master:any", "host:<name>", "all"};
}
std::vector<std::string> hold_condition_words() {
  return {"leader-changed", "vip-moved", "target-unreachable", "healthy"};
}
std::vector<std::string> requirement_words() {
  return {"hosts-running", "etcd-healthy", "vip-held", "keepalived-one-master"};
}
std::vector<std::string> bound_kind_words() {
  return {"vrrp-host-death", "vrrp-graceful-stop", "haproxy-death", "backend-down", "etcd-leader-loss"};
}

}  // namespace klab::scenarios
