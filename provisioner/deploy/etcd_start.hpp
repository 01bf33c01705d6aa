#pragma once
// Executing the etcd decisions on one member: start (bootstrap or as is) and join
// (member remove/add through a healthy member, then start `existing`).
#include <optional>
#include <string>

#include "lab/plan.hpp"
#include "provisioner/deploy/etcd_facts.hpp"
#include "provisioner/deploy/host_script.hpp"
#include "provisioner/etcd/cluster_state.hpp"
#include "provisioner/phases/phase_context.hpp"

namespace klab::provisioner {

struct MemberWork {
  const lab::HostPlan* host = nullptr;
  EtcdDecision decision;
  MasterProbe probe;
  ScriptResult probe_result;  // file states for the upload comparison
};

/// bootstrap_new / start_as_is: upload what differs, (re)start etcd only when its files
/// changed or it is not running. Returns the member list read after the start, if etcd
/// was (re)started.
std::optional<etcd::MemberList> start_member(PhaseContext& ctx, const MemberWork& work, const std::string& token);

/// join_existing / replace_member: on `helper` (a started member) member remove/add as
/// decided, then on the member: stop, wipe if decided, start with `existing` and the
/// --initial-cluster the cluster now has. Returns the member list read after the start.
std::optional<etcd::MemberList> join_member(PhaseContext& ctx, const MemberWork& work, const lab::HostPlan& helper,
                                          const etcd::MemberList& before, const std::string& token);

}  // namespace klab::provisioner
