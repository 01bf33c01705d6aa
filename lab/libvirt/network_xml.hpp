#pragma once
// The libvirt network of a lab, rendered from the Plan (pure; golden-tested).
#include <optional>
#include <string>

#include "lab/ipv4.hpp"
#include "lab/lab_owner.hpp"
#include "lab/plan.hpp"

namespace klab::lab::libvirt {

struct Ipv4Range {
  Ipv4 first;
  Ipv4 last;
};

/// The DHCP pool dnsmasq may hand out: the longest run of usable addresses that holds
/// neither the gateway, the VIP nor any host's static address (so an unknown client
/// can never be leased the VIP). nullopt when no address is free.
std::optional<Ipv4Range> dynamic_range(const Plan& plan);

/// <network> with: the bridge; NAT forwarding or none (isolated); the gateway address;
/// DHCP range plus a static reservation per host; DNS records with the short name and
/// FQDN of every host and "vip"/vip_fqdn for the VIP; the lab's DNS domain answered
/// locally only; klab ownership metadata (version = klab version, creator: who).
std::string render_network(const Plan& plan, const std::string& version, const LabOwner& creator);

}  // namespace klab::lab::libvirt
