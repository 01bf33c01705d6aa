#include "lab/libvirt/network.hpp"

#include "lab/libvirt/domain.hpp"
#include "lab/libvirt/libvirt_error.hpp"
#include "lab/libvirt/network_xml.hpp"
#include "lab/libvirt/ownership.hpp"
#include "lab/libvirt/xml_readers.hpp"

namespace klab::lab::libvirt {

namespace {

bool network_active(virNetworkPtr net) {
  int active = virNetworkIsActive(net);
  if (active < 0)
    throw_last_error_for([&] { return "checking whether network " + network_name(net) + " runs"; });
  return active == 1;
}

void start_network(virNetworkPtr net) {
  if (virNetworkCreate(net) < 0)
    throw_last_error_for([&] { return "starting network " + network_name(net); });
}

bool lab_has_active_domain(const Connection& conn, const std::string& lab) {
  for (auto& [dom, owner] : owned_domains(conn, lab)) {
    if (domain_active(dom.get())) return true;
  }
  return false;
}

}  // namespace

void check_subnet_free(const Connection& conn, const Plan& plan, const std::vector<Route>& routes) {
  const Cidr& want = plan.network.subnet;
  for (Network& net : conn.all_networks()) {
    std::string name = network_name(net.get());
    if (name == plan.network.name) continue;
    for (const Cidr& have : network_subnets(network_xml(net.get()))) {
      if (have.overlaps(want)) {
        throw usage_error("subnet " + want.str() + " of lab " + plan.lab +
                          " overlaps libvirt network " + name + " (" + have.str() + ") at " +
                          conn.uri() + ": choose another network.subnet in klab.yaml");
      }
    }
  }
  for (const Route& r : routes) {
    if (r.destination.prefix == 0 || r.iface == plan.network.bridge) continue;
    if (r.destination.overlaps(want)) {
      throw usage_error("subnet " + want.str() + " of lab " + plan.lab + " overlaps the route " +
                        r.destination.str() + " via " + r.iface +
                        " on this host: choose another network.subnet in klab.yaml");
    }
  }
}

Ensured ensure_network(const Connection& conn, const Plan& plan, const std::string& version,
                       const LabOwner& creator, const std::vector<Route>& routes) {
  const std::string& name = plan.network.name;
  Network net = conn.try_network(name);
  std::string current;
  if (net) {
    current = network_xml(net.get());
    std::optional<Owner> owner = owner_from_xml(current);
    if (!owner || owner->lab != plan.lab) {
      throw infra_error("network " + name + " at " + conn.uri() +
                        " exists but klab did not create it for lab " + plan.lab +
                        "; klab will not touch it: remove it yourself or rename the lab");
    }
  }
  check_subnet_free(conn, plan, routes);

  const std::string xml = render_network(plan, version, creator);
  if (net && owner_from_xml(current)->spec == owner_from_xml(xml)->spec) {
    if (!network_active(net.get())) start_network(net.get());
    return Ensured::unchanged;
  }
  Ensured result = Ensured::created;
  std::string define_xml = xml;
  if (net) {
    if (network_active(net.get())) {
      if (lab_has_active_domain(conn, plan.lab)) return Ensured::out_of_date;
      if (virNetworkDestroy(net.get()) < 0) throw_last_error("stopping network " + name);
    }
    define_xml = with_uuid(xml, xml_uuid(current));
    result = Ensured::updated;
  }
  Network defined(virNetworkDefineXML(conn.get(), define_xml.c_str()));
  if (!defined) throw_last_error("defining network " + name + " at " + conn.uri());
  start_network(defined.get());
  return result;
}

void remove_network(const Connection& conn, const std::string& lab, RemoveReport& report) {
  const std::string planned = std::string(kNamePrefix) + lab;
  std::vector<Network> nets;
  try {
    nets = conn.all_networks();
  } catch (const Error& e) {
    report.errors.push_back(e.what());
    return;
  }
  for (Network& net : nets) {
    try {
      const std::string name = network_name(net.get());
      std::optional<Owner> owner = owner_from_xml(network_xml(net.get()));
      if (!owner || owner->lab != lab) {
        if (name == planned) report.skipped.push_back("network " + name + " (not created by klab)");
        continue;
      }
      if (network_active(net.get()) && virNetworkDestroy(net.get()) < 0) {
        throw_last_error("stopping network " + name);
      }
      if (virNetworkIsPersistent(net.get()) == 1 && virNetworkUndefine(net.get()) < 0) {
        throw_last_error("undefining network " + name);
      }
      report.removed.push_back("network " + name);
    } catch (const Error& e) {
      report.errors.push_back(e.what());
    }
  }
}

}  // namespace klab::lab::libvirt
