#include "provisioner/phases/etcd_phase.hpp"

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
  const std::vector<const lab::HostPlan*> masters = etcd_hosts(ctx.plan);
  if (masters.empty()) {
    ctx.note("etcd: the lab has no master: nothing to do");
    return;
  }
  std::optional<EtcdRecord> record = load_etcd_record(ctx.lab_dir);

  // 1. Facts, on every member at once (one round trip each).
  std::mutex mutex;
  std::map<std::string, MemberWork> by_host;
  for_each_host(ctx, kPhase, masters, [&](const lab::HostPlan& host) {
    MemberWork w;
    w.host = &host;
    w.probe_result =
        probe_host(ctx, kPhase, host, etcd_probe_paths(ctx, host), etcd_probe_script(ctx.plan, ctx.settings));
    w.probe = parse_master_probe(host.name, w.probe_result);
    std::lock_guard lock(mutex);
    by_host[host.name] = std::move(w);
  });
  std::vector<MemberWork> work;
  for (const lab::HostPlan* h : masters) work.push_back(std::move(by_host[h->name]));

  // 2. Decisions.
  std::vector<MasterProbe> probes;
  for (const MemberWork& w : work) probes.push_back(w.probe);
  const ClusterObservation cluster = observe_cluster(probes);
  const std::optional<std::string> recorded = record ? record->cluster_id : std::nullopt;
  for (MemberWork& w : work) {
    w.decision = decide_cluster_action(member_facts(w.probe, cluster, *w.host, ctx.settings.etcd, recorded));
    ctx.progress.host_state(w.host->name, "etcd: " + to_string(w.decision.action));
  }
  refuse_all(work);

  const std::string token = choose_token(ctx, record, work);
  std::vector<std::string> names;
  for (const lab::HostPlan* h : masters) names.push_back(h->name);
  bool bootstrapping = false;
  for (const MemberWork& w : work) bootstrapping = bootstrapping || w.decision.action == EtcdAction::bootstrap_new;
  if (bootstrapping && (!record || record->token != token)) {
    // Recorded before anything starts: an interrupted bootstrap is completed with the
    // same token, hence the same cluster ID.
    record = EtcdRecord{std::nullopt, token, names, base::utc_now_iso8601()};
    save_etcd_record(ctx.lab_dir, *record);
    ctx.note("etcd: bootstrapping a new cluster with token " + token);
  }

  // The cluster ID, recorded as early as a cluster is known to exist (a kill later in
  // this run must not leave a formed cluster unrecorded): now, when the members already
  // report one, else from the first member list read after a start.
  std::optional<std::string> seen_id = cluster.single_cluster_id();
  auto remember = [&](const std::optional<std::string>& id) {
    std::lock_guard lock(mutex);
    if (!id) return;
    seen_id = id;
    if (record_cluster_id(ctx.lab_dir, record, *id, token, names))
      ctx.note("etcd: recorded cluster ID " + *id + " in " + etcd_record_path(ctx.lab_dir).string());
  };
  auto id_of = [](const std::optional<etcd::MemberList>& list) {
    return list ? std::optional(list->cluster_id_hex()) : std::nullopt;
  };
  remember(seen_id);

  if (ctx.settings.etcd.mode == EtcdMode::static_pod) {
    for_each_host(ctx, kPhase, masters, [&](const lab::HostPlan& host) {
      const MemberWork& w = *std::find_if(work.begin(), work.end(), [&](const MemberWork& x) { return x.host == &host; });
      const EtcdClusterSpec steady = steady_spec(ctx.plan, token);
      EtcdClusterSpec start = steady;
      start.state = w.decision.state;
      upload_changed(ctx, kPhase, host, etcd_start_files(ctx, host, start, start).files, w.probe_result);
    });
    ctx.note("etcd: static-pod mode: manifests and certificates installed; the kubelet (kubernetes phase) runs them");
    return;
  }

  // 3. Members that start with what they have (or bootstrap) start together; while a
  //    healthy cluster serves, restarts roll one member at a time.
  std::vector<const lab::HostPlan*> starters;
  for (const MemberWork& w : work)
    if (w.decision.action == EtcdAction::bootstrap_new || w.decision.action == EtcdAction::start_as_is)
      starters.push_back(w.host);
  for_each_host(
      ctx, kPhase, starters,
      [&](const lab::HostPlan& host) {
        const MemberWork& w = *std::find_if(work.begin(), work.end(), [&](const MemberWork& x) { return x.host == &host; });
        remember(id_of(start_member(ctx, w, token)));
      },
      cluster.view == ClusterView::healthy ? 1 : 0);

  // 4. Joins and replacements: one at a time, each through a healthy member.
  for (const MemberWork& w : work) {
    if (w.decision.action != EtcdAction::join_existing && w.decision.action != EtcdAction::replace_member) continue;
    const lab::HostPlan* helper = healthy_helper(work, *w.host);
    if (!helper || !cluster.members)
      throw infra_error(w.host->name + ": phase etcd: " + w.decision.reason +
                        ", but no running member is left to do it through; start etcd on the other masters first");
    ctx.note("etcd: " + w.decision.reason);
    remember(id_of(join_member(ctx, w, *helper, *cluster.members, token)));
  }

  // 5. Some member must have answered after the start (its ID is recorded by now).
  if (!seen_id) throw infra_error("phase etcd: no member answered `etcdctl member list` after the start; see `journalctl -u etcd` on the masters (`klab ssh kube-master1`)");
}

}  // namespace klab::provisioner
