// etcd-replace-member (etcd-rejoin case b): the member's data is lost while it is down;
// the heal is klab's procedure (member remove → wipe → member add → start `existing`),
// which must bring it back with no acknowledged write lost.
#include "scenarios/faults/etcd_procedures.hpp"
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"
#include "scenarios/faults/guest_ops.hpp"

namespace klab::scenarios {
namespace {

class EtcdReplaceMember : public Fault {
 public:
  explicit EtcdReplaceMember(std::chrono::milliseconds join_within) : join_within_(join_within) {}
  std::string type() const override { return "etcd-replace-member"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    require_systemd_etcd(ctx.settings);
    for (const std::string& host : hosts) {
      must_master(ctx.plan, host);
      stop_and_wipe_member(ctx, host, join_within_, stack);
    }
  }

 private:
  std::chrono::milliseconds join_within_;
};

}  // namespace

std::unique_ptr<Fault> make_etcd_replace_member(const FaultParams& params) {
  return std::make_unique<EtcdReplaceMember>(params.duration("join_within"));
}

}  // namespace klab::scenarios
