#pragma once
// Returning the whole lab to a snapshot: revert every domain (libvirt resumes them where
// they were saved), then resync the guest clocks, which also proves every host answers
// SSH. `klab snapshot restore` and `klab scenario --from-snapshot` both do exactly this.
#include <chrono>
#include <string>

#include "cloud-init/lab_keys.hpp"
#include "lab/plan.hpp"
#include "lab/provider.hpp"
#include "ops/clock_resync.hpp"

namespace klab::ops {

struct SnapshotRestore {
  std::chrono::milliseconds revert{0};  // the libvirt revert of every domain
  std::chrono::milliseconds total{0};   // revert + clock resync
  ClockReport clocks;
  /// "host: why" of every host that could not be resynced or reached, joined by `separator`.
  std::string failures(const std::string& separator) const;
};

/// Reverts and resyncs; throws when libvirt fails (an infrastructure Error), never for
/// a host that does not answer afterwards (see clocks.ok() and failures()).
SnapshotRestore restore_snapshot(const lab::Plan& plan, lab::Provider& provider, const cloudinit::LabKeys& keys,
                                 const std::string& name);

}  // namespace klab::ops
