#pragma once
// The etcd membership procedures the rejoin faults share: klab's correct procedure for a
// member whose data is lost (member remove → wipe → member add → start with `existing`),
// waiting for a member to rejoin, and watching a member for a named mistake. Systemd
// mode only: they edit /etc/default/etcd, which etcd reads only on an empty data dir.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/faults/fault.hpp"
#include "scenarios/faults/fault_stack.hpp"

namespace klab::scenarios {

inline const std::string etcd_unit = "etcd";
inline const std::string etcd_env_file = "/etc/default/etcd";

/// Throws a usage Error when etcd runs as a static pod (no environment file to edit).
void require_systemd_etcd(const provisioner::Settings& settings);
/// The plan's master `host`; throws a usage Error naming the masters otherwise.
const lab::HostPlan& must_master(const lab::Plan& plan, const std::string& host);

/// A master outside `excluded` whose member answers; throws infrastructure Error if none.
std::string pick_healthy_peer(FaultContext& ctx, const std::vector<std::string>& excluded);
/// etcdctl on the master `on`, asking its own member with the member's server
/// certificate and a 15 s command timeout; `shell_args` are appended as they are.
std::string etcdctl_on(const provisioner::Settings& settings, const lab::HostPlan& on, const std::string& shell_args);
/// `etcdctl member list` run on `peer`; throws an infrastructure Error when its output
/// is no member list.
std::vector<provisioner::etcd::Member> member_list_via(FaultContext& ctx, const std::string& peer);

/// klab's procedure for a member whose data is lost, then waits until it has rejoined.
/// Throws a check_failed Error when the member does not rejoin within `join_within`.
void replace_member(FaultContext& ctx, const std::string& host, std::chrono::milliseconds join_within);

/// Waits until `host` answers as a started member of the peers' cluster (same cluster
/// ID). Throws a check_failed Error saying what is still wrong at the deadline.
void wait_member_joined(FaultContext& ctx, const std::string& host, std::chrono::milliseconds within);
/// nullopt when `host` is a started, answering member of the peers' cluster; else why not.
std::optional<std::string> member_problem(FaultContext& ctx, const std::string& host);

/// Polls `probe` (every second) until it returns evidence or `within` passes.
std::optional<std::string> watch_for(FaultContext& ctx, std::chrono::milliseconds within,
                                     const std::function<std::optional<std::string>()>& probe);

/// The first journal line of `host`'s etcd since `epoch` matching one of `patterns`
/// (case-insensitive; a pattern is an ECMAScript regular expression).
std::optional<std::string> journal_match(FaultContext& ctx, const std::string& host,
                                         const std::string& epoch,
                                         const std::vector<std::string>& patterns);

/// The first line of `text` matching one of `patterns` (as journal_match); pure.
std::optional<std::string> first_matching_line(const std::string& text,
                                               const std::vector<std::string>& patterns);

/// Guards shared by the etcd faults.
std::unique_ptr<ActiveFault> etcd_restart_guard(const std::string& host, std::chrono::milliseconds join_within);
std::unique_ptr<ActiveFault> env_restore_guard(const std::string& host, const std::string& what);
std::unique_ptr<ActiveFault> replace_member_guard(const std::string& host, std::chrono::milliseconds join_within);

/// Stops etcd on `host` and wipes its data directory, pushing the guards that bring the
/// member back (restart, then klab's replace procedure) — the start of every data-loss fault.
void stop_and_wipe_member(FaultContext& ctx, const std::string& host, std::chrono::milliseconds join_within,
                          FaultStack& stack);

}  // namespace klab::scenarios
