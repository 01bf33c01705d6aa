#include "ops/snapshot_restore.hpp"

namespace klab::ops {

namespace {

std::chrono::milliseconds ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace

std::string SnapshotRestore::failures(const std::string& separator) const {
  std::string out;
  for (const HostClock& h : clocks.hosts) {
    if (h.ok) continue;
    if (!out.empty()) out += separator;
    // Transport errors already start with the host ("kube-master1 (ip:port): ...").
    out += h.error.rfind(h.host, 0) == 0 ? h.error : h.host + ": " + h.error;
  }
  return out;
}

SnapshotRestore restore_snapshot(const lab::Plan& plan, lab::Provider& provider, const cloudinit::LabKeys& keys,
                                 const std::string& name) {
  SnapshotRestore r;
  const auto start = std::chrono::steady_clock::now();
  provider.snapshot_restore(plan, name);
  r.revert = ms_since(start);
  r.clocks = resync_clocks(plan, keys);
  r.total = ms_since(start);
  return r;
}

}  // namespace klab::ops
