#pragma once
// Scenario: one scenario file, parsed and validated (scenario_parse.hpp). Each case is
// one sub-case and one JUnit test case: resolve the target role, inject the fault, hold,
// heal, wait healthy, check expectations and invariants.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lab/diagnostics.hpp"

namespace klab::scenarios {

using Millis = std::chrono::milliseconds;

/// Which host(s) a fault hits, resolved when the fault is injected (role_resolution.hpp).
enum class TargetRole { etcd_leader, etcd_follower, vip_holder, lb_backup, master_any, host, all };
struct TargetSpec {
  TargetRole role = TargetRole::master_any;
  std::string host;  // for TargetRole::host
  int count = 1;     // how many distinct hosts of the role (etcd:follower with count 2)
};
std::string to_string(const TargetSpec& target);  // "etcd:leader", "host:kube-master1", "all"

/// A fault type and its parameters as written; faults/registry.hpp validated them.
struct FaultSpec {
  std::string type;
  std::map<std::string, std::string> params;
  lab::SourcePos pos;  // for messages at run time
};

/// Conditions the engine can wait for (hold) and requirements it can check (preconditions).
enum class HoldCondition { leader_changed, vip_moved, target_unreachable, healthy };
std::string to_string(HoldCondition c);  // "leader-changed", "vip-moved", ...

struct HoldSpec {
  Millis duration{0};                    // plain hold; with `until`, the deadline
  std::optional<HoldCondition> until;    // hold until this is observed...
  bool operator==(const HoldSpec&) const = default;
};

enum class HealMode { revert, none };  // none: the fault heals itself (reboot, reset)

enum class Requirement { hosts_running, etcd_healthy, vip_held, keepalived_one_master };
std::string to_string(Requirement r);  // "hosts-running", ...

struct Preconditions {
  std::vector<Requirement> require;
  Millis wait{60000};  // how long the lab may take to become healthy before the fault
};

struct Workload {
  bool writer = true;
  Millis probe_interval{100};
};

/// Which bound a `derived` expectation takes (measure/bounds.hpp).
enum class BoundKind {
  infer,               // from the fault type and the target role
  vrrp_host_death,
  vrrp_graceful_stop,
  haproxy_death,
  backend_down,
  etcd_leader_loss,
};
std::string to_string(BoundKind kind);  // "vrrp-host-death", ...

/// A bound in milliseconds, literal or derived from the deploy settings.
struct BoundSpec {
  std::optional<Millis> literal;
  BoundKind derived = BoundKind::infer;  // used when !literal
};

/// An outage expectation on the probes matching `probe` ("vip", a host name, "members"
/// for every member, "*" for all) and connection mode ("any", "fresh", "reused").
struct OutageExpectation {
  std::string probe = "vip";
  std::string mode = "any";
  std::optional<BoundSpec> longest;  // longest single outage
  std::optional<Millis> total;       // error budget: summed downtime
  std::optional<Millis> tolerance;   // measurement slack; default 2 x probe interval
};

/// A state change the engine watches for while the fault holds.
struct ChangeExpectation {
  BoundSpec within;
  std::optional<Millis> tolerance;
};

struct LogExpectations {
  std::vector<std::string> expected;   // must appear in the case's service journals
  std::vector<std::string> forbidden;  // in addition to the known bad lines
  std::vector<std::string> allowed;    // known bad lines this case expects
};

struct Expectations {
  Millis recovery{180000};  // healthy again this long after heal, or the case fails
  std::vector<OutageExpectation> outages;
  std::optional<ChangeExpectation> leader_change;
  std::optional<ChangeExpectation> vip_move;
  std::optional<std::size_t> max_failed_writes;
  LogExpectations logs;
  std::optional<std::string> detect;  // the operator mistake the fault must detect
};

struct Case {
  std::string name;
  std::string description;
  TargetSpec target;
  FaultSpec fault;
  HoldSpec hold;
  HealMode heal = HealMode::revert;
  Expectations expectations;
  std::vector<std::string> invariants;  // check names; empty: the scenario's list
  lab::SourcePos pos;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string expected;  // prose: what should happen
  Preconditions preconditions;
  Workload workload;
  std::vector<std::string> invariants;  // check names run after every case
  std::vector<Case> cases;
  std::string source;  // "builtin:etcd-rejoin.yaml" or a path
};

}  // namespace klab::scenarios
