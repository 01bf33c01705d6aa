#pragma once
// Whole-lab snapshots: internal qcow2 snapshots with memory, taken and restored for
// every host together so the lab comes back as one consistent moment.
#include <functional>
#include <string>
#include <vector>

#include "lab/libvirt/connection.hpp"
#include "lab/provider.hpp"

namespace klab::lab::libvirt {

/// Resolves a host's connection (hosts may live on different URIs).
using ConnectionFor = std::function<const Connection&(const HostPlan&)>;

/// Pauses every host, snapshots each, resumes the ones that were running. Refuses a
/// name in use and hosts that are not running; a failure removes the partial snapshot.
void save_lab_snapshot(const Plan& plan, const ConnectionFor& conn, const std::string& name);
/// Checks every host has the snapshot, reverts each paused, then resumes them all.
void restore_lab_snapshot(const Plan& plan, const ConnectionFor& conn, const std::string& name);
std::vector<LabSnapshot> list_lab_snapshots(const Plan& plan, const ConnectionFor& conn);
RemoveReport remove_lab_snapshot(const Plan& plan, const ConnectionFor& conn,
                                 const std::string& name);

}  // namespace klab::lab::libvirt
