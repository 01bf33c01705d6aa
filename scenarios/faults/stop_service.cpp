// stop-service: `systemctl stop` in the guest, a graceful stop (keepalived sends its
// priority-0 advert on the way out); heal starts the unit again.
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"
#include "scenarios/faults/guest_ops.hpp"
#include "scenarios/faults/service_guard.hpp"

namespace klab::scenarios {
namespace {

class StopService : public Fault {
 public:
  explicit StopService(std::string unit) : unit_(std::move(unit)) {}
  std::string type() const override { return "stop-service"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    for (const std::string& host : hosts) {
      mark_effect(ctx, stop_unit(ctx.transport(host), unit_));
      stack.push(service_running_guard(unit_ + " stopped on " + host, host, unit_));
    }
  }

 private:
  std::string unit_;
};

}  // namespace

std::unique_ptr<Fault> make_stop_service(const FaultParams& params) {
  return std::make_unique<StopService>(params.text("service"));
}

}  // namespace klab::scenarios
