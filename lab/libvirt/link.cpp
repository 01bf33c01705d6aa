#include "lab/libvirt/link.hpp"

#include "lab/libvirt/domain.hpp"
#include "lab/libvirt/libvirt_error.hpp"
#include "lab/libvirt/xml_readers.hpp"

namespace klab::lab::libvirt {

namespace {

Domain must_running(const Connection& conn, const HostPlan& host, const std::string& purpose) {
  Domain dom = must_owned_domain(conn, host);
  if (!domain_active(dom.get())) {
    throw infra_error("host " + host.name + " is not running: cannot " + purpose);
  }
  return dom;
}

}  // namespace

void set_link(const Connection& conn, const HostPlan& host, bool up) {
  const std::string purpose = std::string("set its link ") + (up ? "up" : "down");
  Domain dom = must_running(conn, host, purpose);
  const std::string live = domain_xml(dom.get());
  if (interface_link_up(live, host.mac) == up) return;
  std::optional<std::string> nic = interface_with_link(live, host.mac, up);
  if (!nic) {
    throw infra_error("host " + host.name + " has no interface with MAC " + host.mac +
                      ": its domain does not match the plan; run klab up");
  }
  if (virDomainUpdateDeviceFlags(dom.get(), nic->c_str(), VIR_DOMAIN_AFFECT_LIVE) < 0) {
    throw_last_error("setting the link of host " + host.name + (up ? " up" : " down"));
  }
}

std::optional<bool> link_up(const Connection& conn, const HostPlan& host) {
  Domain dom = must_owned_domain(conn, host);
  return interface_link_up(domain_xml(dom.get()), host.mac);
}

std::string interface_device(const Connection& conn, const HostPlan& host) {
  Domain dom = must_running(conn, host, "find its interface device");
  std::optional<std::string> dev = interface_device(domain_xml(dom.get()), host.mac);
  if (!dev) {
    throw infra_error("host " + host.name + " has no host-side device for MAC " + host.mac);
  }
  return *dev;
}

}  // namespace klab::lab::libvirt
