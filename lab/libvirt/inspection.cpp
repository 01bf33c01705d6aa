#include "lab/libvirt/inspection.hpp"

#include <cstdlib>

#include "lab/libvirt/domain.hpp"
#include "lab/libvirt/libvirt_error.hpp"

namespace klab::lab::libvirt {

namespace {

// Frees the array virNetworkGetDHCPLeases returns, elements first.
struct Leases {
  virNetworkDHCPLeasePtr* items = nullptr;
  int count = 0;
  ~Leases() {
    for (int i = 0; i < count; ++i) virNetworkDHCPLeaseFree(items[i]);
    std::free(items);
  }
};

std::string str(const char* s) { return s ? std::string(s) : std::string(); }

}  // namespace

std::optional<InspectedDomain> inspect_domain(const Connection& conn, const HostPlan& host) {
  Domain dom = try_owned_domain(conn, host);
  if (!dom) return std::nullopt;
  return InspectedDomain{domain_state(dom.get()), domain_xml(dom.get())};
}

std::optional<InspectedNetwork> inspect_network(const Connection& conn, const std::string& network) {
  Network net = conn.try_network(network);
  if (!net) return std::nullopt;
  InspectedNetwork out;
  out.active = virNetworkIsActive(net.get()) == 1;
  out.persistent = virNetworkIsPersistent(net.get()) == 1;
  int autostart = 0;
  if (virNetworkGetAutostart(net.get(), &autostart) == 0) out.autostart = autostart == 1;
  out.xml = network_xml(net.get());
  return out;
}

std::vector<DhcpLease> dhcp_leases(const Connection& conn, const std::string& network) {
  const std::string purpose = "reading the DHCP leases of network " + network;
  Network net = conn.try_network(network);
  if (!net) throw infra_error(purpose + ": it does not exist at " + conn.uri());
  Leases leases;
  leases.count = virNetworkGetDHCPLeases(net.get(), nullptr, &leases.items, 0);
  if (leases.count < 0) throw_last_error(purpose);
  std::vector<DhcpLease> out;
  for (int i = 0; i < leases.count; ++i) {
    const virNetworkDHCPLease& l = *leases.items[i];
    out.push_back(DhcpLease{str(l.iface), l.expirytime, l.type == VIR_IP_ADDR_TYPE_IPV6, str(l.mac), str(l.ipaddr),
                            l.prefix, str(l.hostname), str(l.clientid)});
  }
  return out;
}

}  // namespace klab::lab::libvirt
