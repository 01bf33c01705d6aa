// etcd-existing-without-add (etcd-rejoin case d), an operator mistake: the member's data
// is lost and it is started with --initial-cluster-state=existing without `member add`.
// etcd fails with "cannot fetch cluster info from peer urls", "member count is unequal"
// or "member ... not found", or, when the old member was never removed, it takes the old
// ID with an empty log and raft panics ("tocommit(N) is out of range"): each outcome
// (scenarios/faults/etcd_outcomes.cpp) is named as exactly this mistake, then the heal
// runs the correct procedure.
#include "provisioner/etcd/member.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/transport/transport.hpp"
#include "scenarios/faults/etcd_outcomes.hpp"
#include "scenarios/faults/etcd_procedures.hpp"
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"
#include "scenarios/faults/guest_ops.hpp"

namespace klab::scenarios {
namespace {

const std::string mistake = "existing-without-member-add";

class EtcdExistingWithoutAdd : public Fault {
 public:
  EtcdExistingWithoutAdd(bool member_remove, std::chrono::milliseconds detect_within,
                         std::chrono::milliseconds join_within)
      : member_remove_(member_remove), detect_within_(detect_within), join_within_(join_within) {}
  std::string type() const override { return "etcd-existing-without-add"; }

  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    require_systemd_etcd(ctx.settings);
    for (const std::string& host : hosts) {
      const lab::HostPlan& target = must_master(ctx.plan, host);
      provisioner::Transport& t = ctx.transport(host);
      stop_and_wipe_member(ctx, host, join_within_, stack);
      if (member_remove_) remove_member(ctx, host, target);
      set_env_value(t, etcd_env_file, "ETCD_INITIAL_CLUSTER_STATE", "existing");
      stack.push(env_restore_guard(host, "ETCD_INITIAL_CLUSTER_STATE=existing without member add"));
      const std::string epoch = guest_epoch(t);
      systemctl(t, "start", etcd_unit, /*no_block=*/true);
      ctx.timeline.add(EventKind::step, host, "started the wiped member with existing, no member add");
      stack.push(outcome_survey_guard(mistake, host, epoch, existing_without_add_outcomes()));
      detect_mistake(ctx, mistake, host, epoch, existing_without_add_outcomes(), detect_within_,
                     /*watch_cluster_id=*/false);
    }
  }

 private:
  void remove_member(FaultContext& ctx, const std::string& host, const lab::HostPlan& target) const {
    const std::string peer = pick_healthy_peer(ctx, {host});
    const std::vector<provisioner::etcd::Member> members = member_list_via(ctx, peer);
    const provisioner::etcd::Member* old =
        provisioner::etcd::find_member(members, host, provisioner::peer_url(ctx.settings.etcd, target.ip));
    if (!old) return;
    provisioner::run_checked(ctx.transport(peer),
                             etcdctl_on(ctx.settings, must_master(ctx.plan, peer),
                                             "member remove " + provisioner::etcd::hex_id(old->id)),
                             guest_deadline);
    ctx.timeline.add(EventKind::step, host, "member remove " + provisioner::etcd::hex_id(old->id) + " (no member add follows)");
  }

  bool member_remove_;
  std::chrono::milliseconds detect_within_;
  std::chrono::milliseconds join_within_;
};

}  // namespace

std::unique_ptr<Fault> make_etcd_existing_without_add(const FaultParams& params) {
  return std::make_unique<EtcdExistingWithoutAdd>(params.boolean("member_remove"),
                                                  params.duration("detect_within"),
                                                  params.duration("join_within"));
}

}  // namespace klab::scenarios
