#pragma once
// Host-side view of a lab NIC: link state and the vnetN device behind it.
#include <optional>
#include <string>

#include "lab/libvirt/connection.hpp"
#include "lab/plan.hpp"

namespace klab::lab::libvirt {

/// Sets <link state> of the host's lab NIC on the running domain (live only: a link
/// fault must not survive a restart of the VM). Nothing to do when it already is so.
void set_link(const Connection& conn, const HostPlan& host, bool up);

/// Whether the link of the host's lab NIC is up on its domain (live XML when running);
/// nullopt when the domain has no interface with the host's MAC. Throws when absent.
std::optional<bool> link_up(const Connection& conn, const HostPlan& host);

/// The tap device (vnetN) of the host's lab NIC; throws when the host is not running.
std::string interface_device(const Connection& conn, const HostPlan& host);

}  // namespace klab::lab::libvirt
