#pragma once
// LabInspection: a provider capability (Provider::inspection()): read-only views of the
// lab's objects as the hypervisor reports them, for diagnostics (`klab logs export`).
// Plain values, so a test fakes it without a hypervisor.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "lab/provider.hpp"

namespace klab::lab {

struct InspectedDomain {
  HostState state = HostState::other;
  std::string xml;  // the hypervisor's definition (the live one while running)
};

struct InspectedNetwork {
  bool active = false;
  bool persistent = false;
  std::optional<bool> autostart;  // nullopt when the hypervisor could not say
  std::string xml;
};

/// One DHCP lease of the lab network (dnsmasq's, as libvirt reports it).
struct DhcpLease {
  std::string iface;
  std::int64_t expirytime = 0;  // seconds since the epoch
  bool ipv6 = false;
  std::string mac, ipaddr;
  unsigned prefix = 0;
  std::string hostname, clientid;
};

class LabInspection {
 public:
  virtual ~LabInspection() = default;
  /// The host's domain; nullopt when it has none. Throws when the domain of that name
  /// is not klab's, or the hypervisor cannot be reached.
  virtual std::optional<InspectedDomain> domain(const HostPlan& host) = 0;
  /// The lab network at plan.uri; nullopt when it does not exist.
  virtual std::optional<InspectedNetwork> network(const Plan& plan) = 0;
  /// The leases of the (active) lab network; throws when they cannot be read.
  virtual std::vector<DhcpLease> dhcp_leases(const Plan& plan) = 0;
};

}  // namespace klab::lab
