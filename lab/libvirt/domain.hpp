#pragma once
// Domains: finding klab's own, defining them from the plan, and power control.
#include <string>
#include <utility>
#include <vector>

#include "lab/libvirt/connection.hpp"
#include "lab/libvirt/domain_xml.hpp"
#include "lab/libvirt/ownership.hpp"
#include "lab/provider.hpp"

namespace klab::lab::libvirt {

/// The host's domain; empty when absent. Throws when a domain of that name exists
/// but klab did not create it for this host (it is never touched).
Domain try_owned_domain(const Connection& conn, const HostPlan& host);
/// As try_owned_domain, but absence is an error too ("run klab up").
Domain must_owned_domain(const Connection& conn, const HostPlan& host);

/// Every domain owned by `lab` at this connection (all labs when `lab` is empty).
std::vector<std::pair<Domain, Owner>> owned_domains(const Connection& conn, const std::string& lab);

HostState domain_state(virDomainPtr dom);
bool domain_active(virDomainPtr dom);

/// Defines the domain when missing, redefines it when the plan changed and it is not
/// running; a running domain with an old definition is left alone (out_of_date).
Ensured ensure_domain(const Connection& conn, const Plan& plan, const HostPlan& host,
                      const DomainInputs& inputs);

/// Power operations; each is a no-op when the domain is already in the target state.
enum class Power { start, shutdown, destroy, suspend, resume, reset, reboot };
void power(const Connection& conn, const HostPlan& host, Power op);

}  // namespace klab::lab::libvirt
