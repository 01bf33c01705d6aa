// etcd-wiped-start-new (etcd-rejoin case c), an operator mistake: the member's data is
// lost and it is started with --initial-cluster-state=new. What etcd then does depends on
// timing and history (scenarios/faults/etcd_outcomes.cpp, each traced to etcd's code):
// it refuses ("has already been bootstrapped"), it bootstraps an empty log under its old
// IDs and raft panics at the leader's first heartbeat ("tocommit(N) is out of range"),
// the peers reject it as a removed member, or it forms a second cluster. Every outcome
// seen is detected and named as exactly this mistake; the heal then runs the correct
// procedure.
#include "provisioner/transport/transport.hpp"
#include "scenarios/faults/etcd_outcomes.hpp"
#include "scenarios/faults/etcd_procedures.hpp"
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
      stack.push(outcome_survey_guard(mistake, host, epoch, wiped_start_new_outcomes()));
      detect_mistake(ctx, mistake, host, epoch, wiped_start_new_outcomes(), detect_within_,
                     /*watch_cluster_id=*/true);
    }
  }

 private:
  std::chrono::milliseconds detect_within_;
  std::chrono::milliseconds join_within_;
};

}  // namespace
std::unique_ptr<Fault> make_etcd_wiped_start_new(const FaultParams& params) {
  return std::make_unique<EtcdWipedStartNew>(params.duration("detect_within"),
                                             params.duration("join_within"));
}

}  // namespace klab::scenarios
