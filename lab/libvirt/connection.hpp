#pragma once
// Connection: an open libvirt connection (RAII) and the lookups klab needs. A `try_`
// lookup returns an empty handle when the object does not exist and throws for any
// other failure, so "absent" is a value and a broken daemon is an error.
#include <string>
#include <vector>

#include "lab/libvirt/handles.hpp"

namespace klab::lab::libvirt {

class Connection {
 public:
  /// Opens `uri` read-write. Throws an actionable infrastructure Error when libvirt
  /// is not reachable there.
  static Connection open(const std::string& uri);

  virConnectPtr get() const { return conn_.get(); }
  const std::string& uri() const { return uri_; }
  /// The driver name as libvirt reports it ("QEMU", "TEST").
  std::string driver() const;

  Domain try_domain(const std::string& name) const;
  Network try_network(const std::string& name) const;
  Pool try_pool(const std::string& name) const;

  std::vector<Domain> all_domains() const;
  std::vector<Network> all_networks() const;
  std::vector<Pool> all_pools() const;

 private:
  Connection(ConnectHandle conn, std::string uri) : conn_(std::move(conn)), uri_(std::move(uri)) {}
  ConnectHandle conn_;
  std::string uri_;
};

/// A volume in `pool`, or an empty handle when it does not exist.
Volume try_volume(virStoragePoolPtr pool, const std::string& name);
std::vector<Volume> all_volumes(virStoragePoolPtr pool);

/// Names and XML of objects, each throwing with the object named on failure.
std::string domain_name(virDomainPtr dom);
std::string domain_xml(virDomainPtr dom, unsigned flags = 0);
std::string network_name(virNetworkPtr net);
std::string network_xml(virNetworkPtr net, unsigned flags = 0);
std::string pool_name(virStoragePoolPtr pool);
std::string pool_xml(virStoragePoolPtr pool);
std::string volume_name(virStorageVolPtr vol);
std::string volume_path(virStorageVolPtr vol);

}  // namespace klab::lab::libvirt
