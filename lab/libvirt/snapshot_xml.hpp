#pragma once
// Snapshot XML for whole-lab snapshots (pure; golden-tested).
#include <string>
#include <vector>

namespace klab::lab::libvirt {

struct SnapshotDisk {
  std::string target;   // vda
  bool include = true;  // false: snapshot='no' (read-only seed)
};

/// <domainsnapshot> for an internal snapshot with memory: named `name`, described as
/// part of the lab snapshot, writable disks internal, read-only ones excluded.
std::string render_snapshot(const std::string& name, const std::string& lab,
                            const std::vector<SnapshotDisk>& disks);

}  // namespace klab::lab::libvirt
