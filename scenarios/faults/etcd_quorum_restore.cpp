// etcd-quorum-restore: a snapshot is taken on a healthy member, then the targets lose
// their data while down, so the cluster has no quorum. The heal restores every member
// from the snapshot (a new cluster, same data up to the snapshot's revision) and starts
// them together. Writes acknowledged after the snapshot are expected to be gone; every
// write at or below the snapshot's revision must be readable again.
#include <algorithm>

#include "base/error.hpp"
#include "base/time.hpp"
#include "lab/paths.hpp"
#include "provisioner/etcd/etcdctl_output.hpp"
#include "provisioner/etcd/member.hpp"
#include "provisioner/etcd/record.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/transport/shell_quote.hpp"
#include "scenarios/duration.hpp"
#include "scenarios/faults/etcd_procedures.hpp"
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"
#include "scenarios/faults/guest_ops.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;
using provisioner::run_checked;
using provisioner::shell_quote;

const std::string snapshot_file = "/var/lib/klab/etcd-quorum-restore.db";

class EtcdQuorumRestore : public Fault {
 public:
  explicit EtcdQuorumRestore(std::chrono::milliseconds join_within) : join_within_(join_within) {}
  std::string type() const override { return "etcd-quorum-restore"; }

  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    require_systemd_etcd(ctx.settings);
    for (const std::string& host : hosts) must_master(ctx.plan, host);
    const std::string survivor = pick_healthy_peer(ctx, hosts);
    const std::int64_t revision = take_snapshot(ctx, survivor);
    ctx.restored_revision = revision;
    ctx.timeline.add(EventKind::step, survivor, "etcd snapshot saved at revision " + std::to_string(revision));
    for (const std::string& host : hosts) {
      provisioner::Transport& t = ctx.transport(host);
      mark_effect(ctx, stop_unit(t, etcd_unit));
      stack.push(etcd_restart_guard(host, join_within_));
      wipe_directory(t, ctx.settings.etcd.data_dir);
      ctx.timeline.add(EventKind::step, host, "etcd data wiped");
    }
    const auto join_within = join_within_;
    stack.push(make_guard(
        "quorum lost (" + std::to_string(hosts.size()) + " members wiped; heal: restore all from the snapshot on " +
            survivor + ")",
        [survivor, join_within](FaultContext& c) { restore_all(c, survivor, join_within); },
        [](FaultContext& c) -> std::optional<std::string> {
          for (const lab::HostPlan* m : c.plan.hosts_with_role(lab::Role::master))
            if (auto problem = member_problem(c, m->name)) return problem;
          return std::nullopt;
        }));
  }

 private:
  static std::int64_t take_snapshot(FaultContext& ctx, const std::string& on) {
    const lab::HostPlan& plan = must_master(ctx.plan, on);
    provisioner::Transport& t = ctx.transport(on);
    run_checked(t, "mkdir -p /var/lib/klab && " +
                       etcdctl_on(ctx.settings, plan, "snapshot save " + shell_quote(snapshot_file)),
                guest_deadline);
    const std::string status =
        run_checked(t, "ETCDCTL_API=3 etcdctl -w json snapshot status " + shell_quote(snapshot_file),
                    guest_deadline)
            .stdout_text;
    auto revision = provisioner::etcd::parse_snapshot_revision(status);
    if (!revision) throw infra_error("cannot read the revision of the etcd snapshot on " + on, status);
    return *revision;
  }

  static void restore_all(FaultContext& ctx, const std::string& survivor, std::chrono::milliseconds within) {
    const auto masters = ctx.plan.hosts_with_role(lab::Role::master);
    const std::string snapshot =
        run_checked(ctx.transport(survivor), "cat " + shell_quote(snapshot_file), guest_deadline).stdout_text;
    for (const lab::HostPlan* m : masters) systemctl(ctx.transport(m->name), "stop", etcd_unit);
    const std::string cluster =
        provisioner::initial_cluster(ctx.settings.etcd, provisioner::etcd_members(ctx.plan));
    const std::string token =
        provisioner::make_cluster_token(ctx.plan.lab, "restore-" + guest_epoch(ctx.transport(survivor)));
    const std::string data = ctx.settings.etcd.data_dir;
    for (const lab::HostPlan* m : masters) {
      provisioner::Transport& t = ctx.transport(m->name);
      if (m->name != survivor) t.upload({{snapshot_file, snapshot, 0600}});
      const std::string staging = data + ".klab-restore";
      run_checked(t,
                  "set -e; rm -rf " + shell_quote(staging) + "; ETCDCTL_API=3 etcdctl snapshot restore " +
                      shell_quote(snapshot_file) + " --name " + shell_quote(m->name) +
                      " --initial-cluster " + shell_quote(cluster) + " --initial-cluster-token " +
                      shell_quote(token) + " --initial-advertise-peer-urls " +
                      shell_quote(provisioner::peer_url(ctx.settings.etcd, m->ip)) + " --data-dir " +
                      shell_quote(staging),
                  guest_deadline);
      wipe_directory(t, data);
      run_checked(t, "set -e; mv " + shell_quote(staging + "/member") + " " + shell_quote(data + "/member") +
                         "; rmdir " + shell_quote(staging) + "; chown -R --reference=" + shell_quote(data) + " " +
                         shell_quote(data),
                  guest_deadline);
      ctx.timeline.add(EventKind::step, m->name, "restored from the snapshot");
    }
    for (const lab::HostPlan* m : masters) systemctl(ctx.transport(m->name), "start", etcd_unit, true);
    for (const lab::HostPlan* m : masters) wait_member_joined(ctx, m->name, within);
    record_new_cluster(ctx, survivor, token);
  }

  /// The restore made a new cluster on purpose: the lab's etcd record follows it, or the
  /// next `klab deploy` would see a cluster ID other than the recorded one and refuse
  /// (a second cluster is exactly what its guard exists to catch).
  static void record_new_cluster(FaultContext& ctx, const std::string& survivor, const std::string& token) {
    const EtcdEndpointStatus status = ctx.cluster.etcd_status(survivor);
    if (!status.reachable || status.cluster_id == 0)
      throw infra_error("etcd on " + survivor + " restored but its cluster ID cannot be read (" + status.error +
                        "): state/etcd.json still names the old cluster; fix it before the next deploy");
    std::vector<std::string> members;
    for (const lab::HostPlan* m : ctx.plan.hosts_with_role(lab::Role::master)) members.push_back(m->name);
    const std::string id = provisioner::etcd::hex_id(status.cluster_id);
    provisioner::save_etcd_record(lab::lab_dir(ctx.plan.lab),
                                  {id, token, members, base::utc_now_iso8601()});
    ctx.timeline.add(EventKind::note, "",
                     "etcd restored as a new cluster " + id + " (token " + token + "), recorded in state/etcd.json");
  }

  std::chrono::milliseconds join_within_;
};

}  // namespace

std::unique_ptr<Fault> make_etcd_quorum_restore(const FaultParams& params) {
  return std::make_unique<EtcdQuorumRestore>(params.duration("join_within"));
}

}  // namespace klab::scenarios
