#include "lab/libvirt/connection.hpp"

#include <libvirt/virterror.h>

#include "lab/libvirt/libvirt_error.hpp"

namespace klab::lab::libvirt {

Connection Connection::open(const std::string& uri) {
  install_quiet_error_handler();
  ConnectHandle conn(virConnectOpen(uri.c_str()));
  if (!conn) {
    Error cause = last_error("virConnectOpen");
    throw infra_error("libvirt is not reachable at " + uri +
                          ": start libvirtd (no systemd here: scripts/lab-env start) "
                          "or pass --uri",
                      std::string(cause.what()) + "\n" + cause.detail());
  }
  return Connection(std::move(conn), uri);
}

std::string Connection::driver() const {
  const char* type = virConnectGetType(get());
  if (!type) throw_last_error("asking libvirt at " + uri_ + " for its driver");
  return type;  // static string owned by libvirt
}

namespace {
// Shared shape of every lookup: absent (the given error code) is an empty handle.
template <typename Handle, typename Raw>
Handle lookup(Raw* raw, int absent_code, const std::string& what) {
  if (raw) return Handle(raw);
  if (last_error_code() == absent_code) {
    virResetLastError();
    return Handle();
  }
  throw_last_error("looking up " + what);
}
}  // namespace

Domain Connection::try_domain(const std::string& name) const {
  return lookup<Domain>(virDomainLookupByName(get(), name.c_str()), VIR_ERR_NO_DOMAIN,
                        "domain " + name);
}

Network Connection::try_network(const std::string& name) const {
  return lookup<Network>(virNetworkLookupByName(get(), name.c_str()), VIR_ERR_NO_NETWORK,
                         "network " + name);
}

Pool Connection::try_pool(const std::string& name) const {
  return lookup<Pool>(virStoragePoolLookupByName(get(), name.c_str()), VIR_ERR_NO_STORAGE_POOL,
                      "storage pool " + name);
}

Volume try_volume(virStoragePoolPtr pool, const std::string& name) {
  // Named first: reading the pool name would reset the lookup's error.
  const std::string what = "volume " + name + " in pool " + pool_name(pool);
  return lookup<Volume>(virStorageVolLookupByName(pool, name.c_str()), VIR_ERR_NO_STORAGE_VOL,
                        what);
}

std::vector<Domain> Connection::all_domains() const {
  virDomainPtr* items = nullptr;
  int n = virConnectListAllDomains(get(), &items, 0);
  if (n < 0) throw_last_error("listing domains at " + uri_);
  std::vector<Domain> out;
  take_list(items, n, out);
  return out;
}

std::vector<Network> Connection::all_networks() const {
  virNetworkPtr* items = nullptr;
  int n = virConnectListAllNetworks(get(), &items, 0);
  if (n < 0) throw_last_error("listing networks at " + uri_);
  std::vector<Network> out;
  take_list(items, n, out);
  return out;
}

std::vector<Pool> Connection::all_pools() const {
  virStoragePoolPtr* items = nullptr;
  int n = virConnectListAllStoragePools(get(), &items, 0);
  if (n < 0) throw_last_error("listing storage pools at " + uri_);
  std::vector<Pool> out;
  take_list(items, n, out);
  return out;
}

std::vector<Volume> all_volumes(virStoragePoolPtr pool) {
  virStorageVolPtr* items = nullptr;
  int n = virStoragePoolListAllVolumes(pool, &items, 0);
  if (n < 0) throw_last_error_for([&] { return "listing volumes of pool " + pool_name(pool); });
  std::vector<Volume> out;
  take_list(items, n, out);
  return out;
}

std::string domain_name(virDomainPtr dom) {
  const char* name = virDomainGetName(dom);
  if (!name) throw_last_error("reading a domain name");
  return name;
}

std::string domain_xml(virDomainPtr dom, unsigned flags) {
  char* xml = virDomainGetXMLDesc(dom, flags);
  if (!xml) throw_last_error_for([&] { return "reading the XML of domain " + domain_name(dom); });
  return take_string(xml);
}

std::string network_name(virNetworkPtr net) {
  const char* name = virNetworkGetName(net);
  if (!name) throw_last_error("reading a network name");
  return name;
}

std::string network_xml(virNetworkPtr net, unsigned flags) {
  char* xml = virNetworkGetXMLDesc(net, flags);
  if (!xml) throw_last_error_for([&] { return "reading the XML of network " + network_name(net); });
  return take_string(xml);
}

std::string pool_name(virStoragePoolPtr pool) {
  const char* name = virStoragePoolGetName(pool);
  if (!name) throw_last_error("reading a storage pool name");
  return name;
}

std::string pool_xml(virStoragePoolPtr pool) {
  char* xml = virStoragePoolGetXMLDesc(pool, 0);
  if (!xml)
    throw_last_error_for([&] { return "reading the XML of storage pool " + pool_name(pool); });
  return take_string(xml);
}

std::string volume_name(virStorageVolPtr vol) {
  const char* name = virStorageVolGetName(vol);
  if (!name) throw_last_error("reading a volume name");
  return name;
}

std::string volume_path(virStorageVolPtr vol) {
  char* path = virStorageVolGetPath(vol);
  if (!path) throw_last_error_for([&] { return "reading the path of volume " + volume_name(vol); });
  return take_string(path);
}

}  // namespace klab::lab::libvirt
