// etcd-wiped-start-new (etcd-rejoin case c), an operator mistake: the member's data is
// lost and it is started with --initial-cluster-state=new. etcd either refuses ("member
// ... has already been bootstrapped") or, worse, bootstraps a second cluster with its own
// ID. Either is detected and recorded as exactly this mistake; the heal then runs the
// correct procedure.
#include "provisioner/transport/transport.hpp"
#include "scenarios/faults/etcd_procedures.hpp"
#include "scenarios/faults/etcdctl.hpp"
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"
#include "scenarios/faults/guest_ops.hpp"

namespace klab::scenarios {
namespace {

const std::string mistake = "wiped-member-started-new";

class EtcdWipedStartNew : public Fault {
 public:
  EtcdWipedStartNew(std::chrono::milliseconds detect_within, std::chrono::milliseconds join_within)
      : detect_within_(detect_within), join_within_(join_within) {}
  std::string type() const override { return "etcd-wiped-start-new"; }

  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    require_systemd_etcd(ctx.settings);
    for (const std::string& host : hosts) {
      must_master(ctx.plan, host);
      provisioner::Transport& t = ctx.transport(host);
      stop_and_wipe_member(ctx, host, join_within_, stack);
      set_env_value(t, etcd_env_file, "ETCD_INITIAL_CLUSTER_STATE", "new");
      stack.push(env_restore_guard(host, "ETCD_INITIAL_CLUSTER_STATE=new on a wiped member"));
      const std::string epoch = guest_epoch(t);
      systemctl(t, "start", etcd_unit, /*no_block=*/true);
      ctx.timeline.add(EventKind::step, host, "started the wiped member with initial-cluster-state=new");
      detect(ctx, host, epoch);
    }
  }

 private:
  void detect(FaultContext& ctx, const std::string& host, const std::string& epoch) const {
    auto evidence = watch_for(ctx, detect_within_, [&]() -> std::optional<std::string> {
      if (auto line = journal_match(ctx, host, epoch, {"has already been bootstrapped"}))
        return "etcd refused to start: " + *line;
      const EtcdEndpointStatus self = ctx.cluster.etcd_status(host);
      if (!self.reachable) return std::nullopt;
      for (const lab::HostPlan* m : ctx.plan.hosts_with_role(lab::Role::master)) {
        if (m->name == host) continue;
        const EtcdEndpointStatus other = ctx.cluster.etcd_status(m->name);
        if (other.reachable && other.cluster_id != self.cluster_id)
          return "split brain: " + host + " bootstrapped a second cluster " +
                 member_id_hex(self.cluster_id) + " beside " + member_id_hex(other.cluster_id);
      }
      return std::nullopt;
    });
    if (evidence) {
      ctx.findings.push_back({mistake, host, *evidence});
      ctx.timeline.add(EventKind::finding, host, "detected " + mistake + ": " + *evidence);
    } else {
      ctx.timeline.add(EventKind::finding, host,
                       "NOT detected: no 'has already been bootstrapped' and no second cluster ID");
    }
  }

  std::chrono::milliseconds detect_within_;
  std::chrono::milliseconds join_within_;
};

}  // namespace

std::unique_ptr<Fault> make_etcd_wiped_start_new(const FaultParams& params) {
  return std::make_unique<EtcdWipedStartNew>(params.duration("detect_within"),
                                             params.duration("join_within"));
}

}  // namespace klab::scenarios
