#pragma once
// NoCloud network-config (version 2) for one host: a static address on the NIC with
// the planned MAC, default gateway and DNS server both the lab gateway (libvirt's
// dnsmasq), the lab domain as search domain.
// Static, so boot never waits for DHCP; dnsmasq's reservation stays as a fallback.
#include <string>

#include "lab/plan.hpp"

namespace klab::cloudinit {

/// The name the lab NIC gets in every guest (cloud-init renames it by MAC), so that
/// guest-side configuration (keepalived, faults) can name it without asking.
inline constexpr const char* kLabInterface = "eth0";

std::string render_network_config(const lab::Plan& plan, const lab::HostPlan& host);

}  // namespace klab::cloudinit
