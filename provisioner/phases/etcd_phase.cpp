#include "provisioner/phases/etcd_phase.hpp"

#include <algorithm>
#include <mutex>

#include "base/error.hpp"
#include "base/time.hpp"
#include "provisioner/deploy/etcd_facts.hpp"
#include "provisioner/deploy/etcd_files.hpp"
#include "provisioner/deploy/etcd_start.hpp"
#include "provisioner/deploy/file_sync.hpp"
#include "provisioner/deploy/host_sync.hpp"
#include "provisioner/etcd/record.hpp"
#include "provisioner/render/lab_view.hpp"

namespace klab::provisioner {
namespace {

constexpr const char* kPhase = "etcd";

std::string choose_token(const PhaseContext& ctx, const std::optional<EtcdRecord>& record,
                         const std::vector<MemberWork>& work) {
  if (record && !record->token.empty()) return record->token;
  // No record, but a member has data: its installed token is the cluster's (the lab
  // state was lost, or an interrupted bootstrap predates recording).
  for (const MemberWork& w : work)
    if (w.probe.has_data && !w.probe.token.empty()) return w.probe.token;
  return make_cluster_token(ctx.plan.lab, random_nonce());
}

void refuse_all(const std::vector<MemberWork>& work) {
  std::string reasons;
  for (const MemberWork& w : work)
    if (w.decision.action == EtcdAction::refuse) reasons += (reasons.empty() ? "" : "\n") + w.decision.reason;
  if (!reasons.empty()) throw infra_error("phase etcd: " + reasons);
}

const lab::HostPlan* healthy_helper(const std::vector<MemberWork>& work, const lab::HostPlan& except) {
  for (const MemberWork& w : work)
    if (w.host != &except && w.probe.active == "active" && w.decision.action == EtcdAction::start_as_is) return w.host;
  return nullptr;
}

std::optional<std::string> cluster_id_of(const std::optional<etcd::MemberList>& list) {
  return list ? std::optional(list->cluster_id_hex()) : std::nullopt;
}

// What one run of the phase knows, shared by its steps (run() lists them).
struct EtcdRun {
  PhaseContext& ctx;
  std::vector<const lab::HostPlan*> masters;
  std::optional<EtcdRecord> record;
  std::vector<MemberWork> work = {};  // in the order of `masters`
  ClusterObservation cluster = {};
  std::string token = {};
  std::optional<std::string> seen_id = {};  // the cluster ID, once any member reported one
  std::mutex mutex = {};

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const lab::HostPlan* h : masters) out.push_back(h->name);
    return out;
  }
  const MemberWork& of(const lab::HostPlan& host) const {
    return *std::find_if(work.begin(), work.end(), [&](const MemberWork& w) { return w.host == &host; });
  }
  bool any(EtcdAction action) const {
    return std::any_of(work.begin(), work.end(), [&](const MemberWork& w) { return w.decision.action == action; });
  }
  // The cluster ID is recorded as early as a cluster is known to exist: a kill later in
  // this run must not leave a formed cluster unrecorded. Called from host workers.
  void remember(const std::optional<std::string>& id) {
    std::lock_guard lock(mutex);
    if (!id) return;
    seen_id = id;
    if (record_cluster_id(ctx.lab_dir, record, *id, token, names()))
      ctx.note("etcd: recorded cluster ID " + *id + " in " + etcd_record_path(ctx.lab_dir).string());
  }
};

// 1. Facts, on every member at once (one round trip each).
void gather_facts(EtcdRun& run) {
  std::map<std::string, MemberWork> by_host;
  for_each_host(run.ctx, kPhase, run.masters, [&](const lab::HostPlan& host) {
    MemberWork w;
    w.host = &host;
    w.probe_result = probe_host(run.ctx, kPhase, host, etcd_probe_paths(run.ctx, host),
                                etcd_probe_script(run.ctx.plan, run.ctx.settings));
    w.probe = parse_master_probe(host.name, w.probe_result);
    std::lock_guard lock(run.mutex);
    by_host[host.name] = std::move(w);
  });
  for (const lab::HostPlan* h : run.masters) run.work.push_back(std::move(by_host[h->name]));
}

// 2. A decision per member, from its facts, the cluster they show and the record.
void decide(EtcdRun& run) {
  std::vector<MasterProbe> probes;
  for (const MemberWork& w : run.work) probes.push_back(w.probe);
  run.cluster = observe_cluster(probes);
  const std::optional<std::string> recorded = run.record ? run.record->cluster_id : std::nullopt;
  for (MemberWork& w : run.work) {
    w.decision = decide_cluster_action(member_facts(w.probe, run.cluster, *w.host, run.ctx.settings.etcd, recorded));
    run.ctx.progress.host_state(w.host->name, "etcd: " + to_string(w.decision.action));
  }
  refuse_all(run.work);
}

// A bootstrap is recorded before anything starts: an interrupted bootstrap is completed
// with the same token, hence the same cluster ID.
void record_bootstrap(EtcdRun& run) {
  run.token = choose_token(run.ctx, run.record, run.work);
  if (!run.any(EtcdAction::bootstrap_new) || (run.record && run.record->token == run.token)) return;
  run.record = EtcdRecord{std::nullopt, run.token, run.names(), base::utc_now_iso8601()};
  save_etcd_record(run.ctx.lab_dir, *run.record);
  run.ctx.note("etcd: bootstrapping a new cluster with token " + run.token);
}

void install_static_pods(EtcdRun& run) {
  for_each_host(run.ctx, kPhase, run.masters, [&](const lab::HostPlan& host) {
    const MemberWork& w = run.of(host);
    EtcdClusterSpec start = steady_spec(run.ctx.plan, run.token);
    start.state = w.decision.state;
    upload_changed(run.ctx, kPhase, host, etcd_start_files(run.ctx, host, start, start).files, w.probe_result);
  });
  run.ctx.note("etcd: static-pod mode: manifests and certificates installed; the kubelet (kubernetes phase) runs them");
}

// 3. Members that start with what they have (or bootstrap) start together; while a
//    healthy cluster serves, restarts roll one member at a time.
void start_members(EtcdRun& run) {
  std::vector<const lab::HostPlan*> starters;
  for (const MemberWork& w : run.work)
    if (w.decision.action == EtcdAction::bootstrap_new || w.decision.action == EtcdAction::start_as_is)
      starters.push_back(w.host);
  for_each_host(
      run.ctx, kPhase, starters,
      [&](const lab::HostPlan& host) { run.remember(cluster_id_of(start_member(run.ctx, run.of(host), run.token))); },
      run.cluster.view == ClusterView::healthy ? 1 : 0);
}

// 4. Joins and replacements: one at a time, each through a healthy member.
void join_members(EtcdRun& run) {
  for (const MemberWork& w : run.work) {
    if (w.decision.action != EtcdAction::join_existing && w.decision.action != EtcdAction::replace_member) continue;
    const lab::HostPlan* helper = healthy_helper(run.work, *w.host);
    if (!helper || !run.cluster.members)
      throw infra_error(w.host->name + ": phase etcd: " + w.decision.reason +
                        ", but no running member is left to do it through; start etcd on the other masters first");
    run.ctx.note("etcd: " + w.decision.reason);
    run.remember(cluster_id_of(join_member(run.ctx, w, *helper, *run.cluster.members, run.token)));
  }
}
}  // namespace

std::vector<RenderedFile> EtcdPhase::rendered_files(const PhaseContext& ctx, const lab::HostPlan& host) const {
  if (host.role != lab::Role::master) return {};
  const std::optional<EtcdRecord> record = load_etcd_record(ctx.lab_dir);
  if (record) return etcd_config_files(ctx, host, steady_spec(ctx.plan, record->token));
  EtcdClusterSpec bootstrap{etcd_members(ctx.plan), InitialClusterState::new_cluster,
                            make_cluster_token(ctx.plan.lab, "dry-run")};
  return etcd_config_files(ctx, host, bootstrap);
}

void EtcdPhase::run(PhaseContext& ctx) {
  EtcdRun run{ctx, etcd_hosts(ctx.plan), load_etcd_record(ctx.lab_dir)};
  if (run.masters.empty()) {
    ctx.note("etcd: the lab has no master: nothing to do");
    return;
  }
  gather_facts(run);
  decide(run);
  record_bootstrap(run);
  run.remember(run.cluster.single_cluster_id());  // the members may already report one
  if (ctx.settings.etcd.mode == EtcdMode::static_pod) return install_static_pods(run);
  start_members(run);
  join_members(run);
  // 5. Some member must have answered after the start (its ID is recorded by now).
  if (!run.seen_id)
    throw infra_error("phase etcd: no member answered `etcdctl member list` after the start; see `journalctl -u "
                      "etcd` on the masters (`klab ssh kube-master1`)");
}

}  // namespace klab::provisioner
