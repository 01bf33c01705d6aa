#include "lab/libvirt/inventory.hpp"

#include "lab/libvirt/domain.hpp"
#include "lab/libvirt/libvirt_error.hpp"
#include "lab/libvirt/network.hpp"
#include "lab/libvirt/ownership.hpp"
#include "lab/libvirt/storage.hpp"

namespace klab::lab::libvirt {

namespace {

std::string uuid_of(virStoragePoolPtr pool) {
  char buf[VIR_UUID_STRING_BUFLEN] = {};
  if (virStoragePoolGetUUIDString(pool, buf) < 0) {
    throw_last_error_for([&] { return "reading the UUID of storage pool " + pool_name(pool); });
  }
  return buf;
}

void remove_domains(const Connection& conn, const std::string& lab, RemoveReport& report) {
  std::vector<std::pair<Domain, Owner>> doms;
  try {
    doms = owned_domains(conn, lab);
  } catch (const Error& e) {
    report.errors.push_back(e.what());
    return;
  }
  for (auto& [dom, owner] : doms) {
    try {
      const std::string name = domain_name(dom.get());
      if (domain_active(dom.get()) && virDomainDestroy(dom.get()) < 0) {
        throw_last_error("powering off domain " + name);
      }
      // A transient domain is gone once destroyed.
      if (virDomainIsPersistent(dom.get()) == 1 &&
          virDomainUndefineFlags(dom.get(), VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                                VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA) < 0) {
        throw_last_error("undefining domain " + name);
      }
      report.removed.push_back("domain " + name);
    } catch (const Error& e) {
      report.errors.push_back(e.what());
    }
  }
}

}  // namespace

Inventory list_owned(const Connection& conn, const std::string& lab) {
  Inventory inv;
  inv.uri = conn.uri();
  for (auto& [dom, owner] : owned_domains(conn, lab)) {
    inv.domains.push_back({domain_name(dom.get()), owner.lab, owner.host, domain_state(dom.get()),
                           owner.creator, owner.lab_key});
  }
  for (Network& net : conn.all_networks()) {
    std::optional<Owner> owner = owner_from_xml(network_xml(net.get()));
    if (!owner || (!lab.empty() && owner->lab != lab)) continue;
    inv.networks.push_back(
        {network_name(net.get()), owner->lab, virNetworkIsActive(net.get()) == 1, owner->creator});
  }
  for (Pool& pool : conn.all_pools()) {
    const std::string name = pool_name(pool.get());
    std::optional<std::string> owner_lab = pool_owner(name, uuid_of(pool.get()));
    if (!owner_lab || (!lab.empty() && *owner_lab != lab)) continue;
    OwnedPool p{name, *owner_lab, virStoragePoolIsActive(pool.get()) == 1, {}};
    if (p.active) {  // an inactive pool cannot list its volumes
      for (Volume& vol : all_volumes(pool.get())) p.volumes.push_back(volume_name(vol.get()));
    }
    inv.pools.push_back(std::move(p));
  }
  return inv;
}

RemoveReport remove_lab(const Connection& conn, const std::string& lab, const RemoveOptions& options) {
  RemoveReport report;
  if (lab.empty()) {
    report.errors.push_back("remove_lab needs a lab name");
    return report;
  }
  remove_domains(conn, lab, report);
  remove_pool(conn, lab, report, options.keep_base);
  remove_network(conn, lab, report);
  return report;
}

}  // namespace klab::lab::libvirt
