#pragma once
// The lab's libvirt network: subnet checks, ensure, remove.
#include <string>
#include <vector>

#include "lab/libvirt/connection.hpp"
#include "lab/libvirt/routes.hpp"
#include "lab/provider.hpp"

namespace klab::lab::libvirt {

/// Throws a usage Error naming the first libvirt network (other than the lab's own) or
/// route (other than via the lab's bridge, and not the default route) whose subnet
/// overlaps the plan's.
void check_subnet_free(const Connection& conn, const Plan& plan, const std::vector<Route>& routes);

/// Defines and starts the network when missing; redefines it when the plan changed,
/// unless a host of the lab is running (out_of_date). Refuses a look-alike network
/// klab does not own.
Ensured ensure_network(const Connection& conn, const Plan& plan, const std::string& version,
                       const LabOwner& creator, const std::vector<Route>& routes);

/// Stops and undefines the lab's network when klab owns it. Failures go to `report`.
void remove_network(const Connection& conn, const std::string& lab, RemoveReport& report);

}  // namespace klab::lab::libvirt
