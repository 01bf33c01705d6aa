#include "scenarios/faults/etcd_outcomes.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "provisioner/etcd/member.hpp"
#include "scenarios/faults/etcd_procedures.hpp"
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/guest_ops.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {
namespace {

// Sources (etcd v3.4, the version Debian 12 ships):
//   etcdserver/server.go NewServer: the bootstrap cases (!haveWAL && NewCluster, and
//     !haveWAL && !NewCluster);
//   etcdserver/cluster_util.go isMemberBootstrapped: asks the peers for their member list
//     within ServerConfig.bootstrapTimeout() (1 s unless set) and answers false on any error;
//     GetClusterFromRemotePeers, ValidateClusterAndAssignIDs;
//   raft/log.go raftLog.commitTo: "tocommit(%d) is out of range [lastIndex(%d)]. Was the
//     raft log corrupted, truncated, or lost?";
//   etcdserver/api/rafthttp: a removed member's messages are answered 410 Gone and it stops
//     with "the member has been permanently removed from the cluster".

// A panic through zap prints the JSON line, then Go's "panic: <msg>" and a stack trace
// whose frames name the logger's Panic/Panicf and runtime/panic.go: those lines belong to
// the panic, not to a second problem.
const std::vector<std::string> go_panic_trace = {R"(\.Panicf?\()", R"(runtime/panic\.go)",
                                                 R"(\]:\s*panic\()"};

std::vector<std::string> with_panic_trace(std::vector<std::string> lines) {
  lines.insert(lines.end(), go_panic_trace.begin(), go_panic_trace.end());
  return lines;
}

MistakeOutcome raft_log_lost(const std::string& why) {
  const std::vector<std::string> symptoms = {R"(tocommit\(\d+\) is out of range)",
                                             "raft log corrupted, truncated, or lost"};
  return {"raft-log-lost", why, symptoms, with_panic_trace(symptoms)};
}

}  // namespace

const std::vector<MistakeOutcome>& wiped_start_new_outcomes() {
  static const std::vector<MistakeOutcome> outcomes = {
      {"refused-already-bootstrapped",
       "the peers answered the bootstrap check in time and list this member with client URLs "
       "(isMemberBootstrapped): etcd refuses to start",
       {"has already been bootstrapped"},
       {"has already been bootstrapped"}},
      raft_log_lost(
          "the bootstrap check got no answer within etcd's 1 s bootstrap timeout, so etcd "
          "bootstrapped an empty log under the same member and cluster IDs (both derived from "
          "the token and --initial-cluster); the leader's first heartbeat commits past it and "
          "raft's commitTo panics, again after every restart"),
      {"removed-member",
       "this member's ID was removed earlier (a replaced member gets a new ID from member add): "
       "the bootstrap check finds no such member, etcd bootstraps, and the peers reject it as "
       "removed",
       {"permanently removed from the cluster"},
       {}},
      {"second-cluster",
       "etcd bootstrapped a cluster of its own: its cluster ID differs from the peers'",
       {"cluster ID mismatch"},
       {}},
  };
  return outcomes;
}

const MistakeOutcome& second_cluster_outcome() { return wiped_start_new_outcomes().back(); }

const std::vector<MistakeOutcome>& existing_without_add_outcomes() {
  static const std::vector<MistakeOutcome> outcomes = {
      {"peers-unreachable",
       "no peer answered GetClusterFromRemotePeers, so etcd cannot learn the cluster it should join",
       {"cannot fetch cluster info from peer urls"},
       {"cannot fetch cluster info from peer urls"}},
      {"member-count-unequal",
       "ValidateClusterAndAssignIDs: --initial-cluster lists another number of members than the "
       "running cluster (the member was removed and not added back)",
       {"member count is unequal"},
       {"member count is unequal"}},
      {"member-not-found",
       "the member is not in the running cluster's list",
       {"member [0-9a-f]+ (has already been removed|not found)", "member .* not found"},
       {"member [0-9a-f]+ (has already been removed|not found)", "member .* not found"}},
      raft_log_lost(
          "the old member was never removed: etcd took its ID from the running cluster and "
          "started with an empty log; the leader's first heartbeat commits past it and raft's "
          "commitTo panics"),
  };
  return outcomes;
}

std::vector<ObservedOutcome> classify_journal(const std::string& journal,
                                              const std::vector<MistakeOutcome>& outcomes) {
  std::vector<ObservedOutcome> seen;
  for (const MistakeOutcome& o : outcomes)
    if (auto line = first_matching_line(journal, o.symptoms)) seen.push_back({&o, *line});
  return seen;
}

Finding outcome_finding(const std::string& mistake, const std::string& host, const ObservedOutcome& seen) {
  return {mistake, host, seen.outcome->name + ": " + seen.evidence, seen.outcome->name,
          seen.outcome->allowed_logs};
}

std::size_t record_outcomes(FaultContext& ctx, const std::string& mistake, const std::string& host,
                            const std::vector<ObservedOutcome>& seen) {
  std::size_t added = 0;
  for (const ObservedOutcome& s : seen) {
    const bool known = std::any_of(ctx.findings.begin(), ctx.findings.end(), [&](const Finding& f) {
      return f.name == mistake && f.host == host && f.outcome == s.outcome->name;
    });
    if (known) continue;
    ctx.findings.push_back(outcome_finding(mistake, host, s));
    ctx.timeline.add(EventKind::finding, host,
                     "detected " + mistake + " (" + s.outcome->name + ": " + s.outcome->explanation +
                         "): " + s.evidence);
    ++added;
  }
  return added;
}

std::unique_ptr<ActiveFault> outcome_survey_guard(const std::string& mistake, const std::string& host,
                                                  const std::string& epoch,
                                                  const std::vector<MistakeOutcome>& outcomes) {
  return make_guard(
      "outcomes of " + mistake + " on " + host + " (journal survey before the heal)",
      [mistake, host, epoch, &outcomes](FaultContext& c) {
        record_outcomes(c, mistake, host,
                        classify_journal(journal_since(c.transport(host), {etcd_unit}, epoch), outcomes));
      },
      [](FaultContext&) -> std::optional<std::string> { return std::nullopt; });
}

namespace {

// A reachable `host` whose cluster ID differs from an answering peer's.
std::optional<std::string> second_cluster_evidence(FaultContext& ctx, const std::string& host) {
  const EtcdEndpointStatus self = ctx.cluster.etcd_status(host);
  if (!self.reachable) return std::nullopt;
  for (const lab::HostPlan* m : ctx.plan.hosts_with_role(lab::Role::master)) {
    if (m->name == host) continue;
    const EtcdEndpointStatus other = ctx.cluster.etcd_status(m->name);
    if (other.reachable && other.cluster_id != self.cluster_id)
      return host + " answers in cluster " + provisioner::etcd::hex_id(self.cluster_id) + " beside " + m->name + "'s " +
             provisioner::etcd::hex_id(other.cluster_id);
  }
  return std::nullopt;
}

}  // namespace

bool detect_mistake(FaultContext& ctx, const std::string& mistake, const std::string& host,
                    const std::string& epoch, const std::vector<MistakeOutcome>& outcomes,
                    std::chrono::milliseconds within, bool watch_cluster_id) {
  std::vector<ObservedOutcome> seen;
  watch_for(ctx, within, [&]() -> std::optional<std::string> {
    seen = classify_journal(journal_since(ctx.transport(host), {etcd_unit}, epoch), outcomes);
    if (watch_cluster_id && std::none_of(seen.begin(), seen.end(), [](const ObservedOutcome& s) {
          return s.outcome == &second_cluster_outcome();
        }))
      if (auto split = second_cluster_evidence(ctx, host)) seen.push_back({&second_cluster_outcome(), *split});
    if (seen.empty()) return std::nullopt;
    return seen.front().evidence;
  });
  if (seen.empty()) {
    const std::string names = base::join(outcomes, ", ", [](const MistakeOutcome& o) { return o.name; });
    ctx.timeline.add(EventKind::finding, host,
                     "NOT detected: none of the known outcomes of " + mistake + " (" + names + ") within " +
                         std::to_string(within.count() / 1000) + " s");
    return false;
  }
  record_outcomes(ctx, mistake, host, seen);
  return true;
}

}  // namespace klab::scenarios
