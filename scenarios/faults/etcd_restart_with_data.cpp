// etcd-restart-with-data (etcd-rejoin case a): stop a member, set
// --initial-cluster-state to `new` or `existing`, start it again with its data intact.
// With data present etcd ignores the flag: the member must rejoin whatever it says.
#include "scenarios/faults/etcd_procedures.hpp"
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"
#include "scenarios/faults/guest_ops.hpp"

namespace klab::scenarios {
namespace {

class EtcdRestartWithData : public Fault {
 public:
  EtcdRestartWithData(std::string state, std::chrono::milliseconds join_within)
      : state_(std::move(state)), join_within_(join_within) {}
  std::string type() const override { return "etcd-restart-with-data"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    require_systemd_etcd(ctx.settings);
    for (const std::string& host : hosts) {
      must_master(ctx.plan, host);
      provisioner::Transport& t = ctx.transport(host);
      set_env_value(t, etcd_env_file, "ETCD_INITIAL_CLUSTER_STATE", state_);
      stack.push(env_restore_guard(host, "ETCD_INITIAL_CLUSTER_STATE=" + state_));
      mark_effect(ctx, stop_unit(t, etcd_unit));
      // Reverted first: etcd starts with the edited flag and its data, and must rejoin.
      stack.push(etcd_restart_guard(host, join_within_));
    }
  }

 private:
  std::string state_;
  std::chrono::milliseconds join_within_;
};

}  // namespace

std::unique_ptr<Fault> make_etcd_restart_with_data(const FaultParams& params) {
  return std::make_unique<EtcdRestartWithData>(params.text("initial_cluster_state"),
                                               params.duration("join_within"));
}

}  // namespace klab::scenarios
