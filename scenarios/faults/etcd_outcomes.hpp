#pragma once
// The real outcomes of the two etcd operator mistakes of etcd-rejoin, each traced to the
// etcd 3.4 code path that produces it. A mistake does not have one symptom: which one
// appears depends on timing (how fast the peers answer the bootstrap check), on whether
// the member's ID is still in the cluster, and on systemd restarting a crashed etcd.
// The detectors name every outcome they saw, and a case allows exactly the journal lines
// of the outcomes that happened in it (log-scan), nothing more.
#include <optional>
#include <string>
#include <vector>

#include "scenarios/faults/fault.hpp"

namespace klab::scenarios {

struct MistakeOutcome {
  std::string name;                       // "raft-log-lost", reported with the finding
  std::string explanation;                // etcd's code path, for the report
  std::vector<std::string> symptoms;      // journal patterns that identify the outcome
  std::vector<std::string> allowed_logs;  // known-bad lines the outcome itself produces
};

/// "wiped member started with new" (etcd-wiped-start-new).
const std::vector<MistakeOutcome>& wiped_start_new_outcomes();
/// "started with existing without member add" (etcd-existing-without-add).
const std::vector<MistakeOutcome>& existing_without_add_outcomes();
/// The wiped-start-new outcome seen from outside the journal: the member answers with a
/// cluster ID of its own. nullptr-free reference into wiped_start_new_outcomes().
const MistakeOutcome& second_cluster_outcome();

struct ObservedOutcome {
  const MistakeOutcome* outcome;
  std::string evidence;  // the first journal line (or observation) that showed it
};

/// Every outcome of `outcomes` whose symptoms appear in `journal`, in catalogue order,
/// each with its first matching line. Pure.
std::vector<ObservedOutcome> classify_journal(const std::string& journal,
                                              const std::vector<MistakeOutcome>& outcomes);

/// The finding for `mistake` on `host` that names the observed outcome and carries the
/// journal lines it allows.
Finding outcome_finding(const std::string& mistake, const std::string& host, const ObservedOutcome& seen);

/// Adds a finding per observed outcome not yet recorded for (mistake, host, outcome).
/// Returns how many were added.
std::size_t record_outcomes(FaultContext& ctx, const std::string& mistake, const std::string& host,
                            const std::vector<ObservedOutcome>& seen);

/// A guard, pushed right after the mistaken start, that re-reads `host`'s etcd journal
/// since `epoch` when the heal begins: a crashed etcd restarted by systemd can reach a
/// second outcome after the first was detected (refused first, then bootstrapped with an
/// empty log and panicked), and each one is named. It leaves nothing behind.
std::unique_ptr<ActiveFault> outcome_survey_guard(const std::string& mistake, const std::string& host,
                                                  const std::string& epoch,
                                                  const std::vector<MistakeOutcome>& outcomes);

/// Polls `host`'s etcd journal since `epoch` (and, when `watch_cluster_id`, the members'
/// cluster IDs) until an outcome shows or `within` passes; records each one seen as a
/// finding and on the timeline. Returns whether the mistake was detected.
bool detect_mistake(FaultContext& ctx, const std::string& mistake, const std::string& host,
                    const std::string& epoch, const std::vector<MistakeOutcome>& outcomes,
                    std::chrono::milliseconds within, bool watch_cluster_id);

}  // namespace klab::scenarios
