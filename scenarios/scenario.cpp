#include "scenarios/scenario.hpp"

namespace klab::scenarios {

std::string to_string(const TargetSpec& target) {
  switch (target.role) {
    case TargetRole::etcd_leader: return "etcd:leader";
    case TargetRole::etcd_follower: return "etcd:follower";
    case TargetRole::vip_holder: return "vip:holder";
    case TargetRole::lb_backup: return "lb:backup";
    case TargetRole::master_any: return "master:any";
    case TargetRole::host: return "host:" + target.host;
    case TargetRole::all: return "all";
  }
  return "?";
}

std::string to_string(HoldCondition c) {
  switch (c) {
    case HoldCondition::leader_changed: return "leader-changed";
    case HoldCondition::vip_moved: return "vip-moved";
    case HoldCondition::target_unreachable: return "target-unreachable";
    case HoldCondition::healthy: return "healthy";
  }
  return "?";
}

std::string to_string(Requirement r) {
  switch (r) {
    case Requirement::hosts_running: return "hosts-running";
    case Requirement::etcd_healthy: return "etcd-healthy";
    case Requirement::vip_held: return "vip-held";
    case Requirement::keepalived_one_master: return "keepalived-one-master";
  }
  return "?";
}

std::string to_string(BoundKind kind) {
  switch (kind) {
    case BoundKind::infer: return "derived";
    case BoundKind::vrrp_host_death: return "vrrp-host-death";
    case BoundKind::vrrp_graceful_stop: return "vrrp-graceful-stop";
    case BoundKind::haproxy_death: return "haproxy-death";
    case BoundKind::backend_down: return "backend-down";
    case BoundKind::etcd_leader_loss: return "etcd-leader-loss";
  }
  return "?";
}

}  // namespace klab::scenarios
