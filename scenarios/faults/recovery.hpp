#pragma once
// Recovery of faults an interrupted klab left in place. The guards of a killed run are
// gone with its process, so recovery does not replay them: it looks for every artifact
// klab's faults can leave on the recorded hosts and reverts what it finds, idempotently:
//   host side   a paused or shut-off domain, a link set down, a netem qdisc, an nft
//               partition with any other host;
//   guest side  klab's /run drop-ins (Restart=no), environment files edited by a fault
//               (their .klab-fault-backup), enabled services left stopped, and an etcd
//               member whose data was wiped (klab's replace procedure, never a start with
//               the deployed `new`, which would be the very mistake etcd-rejoin injects).
#include <string>
#include <vector>

#include "scenarios/fault_ledger.hpp"
#include "scenarios/faults/fault.hpp"

namespace klab::scenarios {

struct RecoveryReport {
  std::vector<std::string> actions;    // what was found and reverted, one line each
  std::vector<std::string> remaining;  // what is still wrong afterwards
  bool ok() const { return remaining.empty(); }
};

/// Reverts every fault artifact on `hosts` (see above). Never throws for a host it
/// cannot fix: that goes into `remaining`, with the reason.
RecoveryReport recover_hosts(FaultContext& ctx, const std::vector<std::string>& hosts);

/// Recovers the hosts of every ledger entry and clears the ledger when nothing remains.
/// An empty ledger does nothing.
RecoveryReport recover_recorded(FaultContext& ctx, FaultLedger& ledger);

}  // namespace klab::scenarios
