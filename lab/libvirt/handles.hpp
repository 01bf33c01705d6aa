#pragma once
// Owning handles for every libvirt object klab touches. This is the only file that
// calls vir*Free / virConnectClose: everything else holds these unique_ptrs.
#include <libvirt/libvirt.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace klab::lab::libvirt {

struct ConnectClose {
  void operator()(virConnectPtr p) const { virConnectClose(p); }
};
struct DomainFree {
  void operator()(virDomainPtr p) const { virDomainFree(p); }
};
struct NetworkFree {
  void operator()(virNetworkPtr p) const { virNetworkFree(p); }
};
struct PoolFree {
  void operator()(virStoragePoolPtr p) const { virStoragePoolFree(p); }
};
struct VolumeFree {
  void operator()(virStorageVolPtr p) const { virStorageVolFree(p); }
};
struct SnapshotFree {
  void operator()(virDomainSnapshotPtr p) const { virDomainSnapshotFree(p); }
};
struct StreamFree {
  void operator()(virStreamPtr p) const { virStreamFree(p); }
};

using ConnectHandle = std::unique_ptr<virConnect, ConnectClose>;
using Domain = std::unique_ptr<virDomain, DomainFree>;
using Network = std::unique_ptr<virNetwork, NetworkFree>;
using Pool = std::unique_ptr<virStoragePool, PoolFree>;
using Volume = std::unique_ptr<virStorageVol, VolumeFree>;
using Snapshot = std::unique_ptr<virDomainSnapshot, SnapshotFree>;
using Stream = std::unique_ptr<virStream, StreamFree>;

/// Takes ownership of a malloc'ed string libvirt returned (XML, paths, names).
inline std::string take_string(char* s) {
  std::string out = s ? s : "";
  std::free(s);
  return out;
}

/// Takes ownership of an array of handles libvirt allocated (virConnectListAll*).
/// Each element is wrapped before the array itself is freed.
template <typename Handle, typename Raw>
void take_list(Raw* items, int count, std::vector<Handle>& out) {
  if (!items) return;
  for (int i = 0; i < count; ++i) out.emplace_back(items[i]);
  std::free(items);
}

/// Takes ownership of a malloc'ed array of malloc'ed strings.
inline void take_strings(char** items, int count, std::vector<std::string>& out) {
  if (!items) return;
  for (int i = 0; i < count; ++i) out.push_back(take_string(items[i]));
  std::free(items);
}

}  // namespace klab::lab::libvirt
