#pragma once
// LabInspection over libvirt: a host's domain (state and XML), the lab network (state,
// XML) and dnsmasq's DHCP leases of it, read through the libvirt API.
#include <optional>
#include <string>
#include <vector>

#include "lab/inspection.hpp"
#include "lab/libvirt/connection.hpp"

namespace klab::lab::libvirt {

/// nullopt when the host has no domain; throws when the domain is not klab's.
std::optional<InspectedDomain> inspect_domain(const Connection& conn, const HostPlan& host);
/// nullopt when the network does not exist.
std::optional<InspectedNetwork> inspect_network(const Connection& conn, const std::string& network);
/// Throws an infrastructure Error naming the network when they cannot be read.
std::vector<DhcpLease> dhcp_leases(const Connection& conn, const std::string& network);

}  // namespace klab::lab::libvirt
