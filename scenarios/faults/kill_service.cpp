// kill-service: signal every process of a unit (KILL by default: a crash, no goodbye
// advert); heal starts the unit when systemd has not restarted it already.
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"
#include "scenarios/faults/guest_ops.hpp"
#include "scenarios/faults/service_guard.hpp"

namespace klab::scenarios {
namespace {

class KillService : public Fault {
 public:
  KillService(std::string unit, std::string signal) : unit_(std::move(unit)), signal_(std::move(signal)) {}
  std::string type() const override { return "kill-service"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    for (const std::string& host : hosts) {
      kill_unit(ctx.transport(host), unit_, signal_);
      stack.push(service_running_guard(unit_ + " killed (SIG" + signal_ + ") on " + host, host, unit_));
    }
  }

 private:
  std::string unit_;
  std::string signal_;
};

}  // namespace

std::unique_ptr<Fault> make_kill_service(const FaultParams& params) {
  return std::make_unique<KillService>(params.text("service"), params.text("signal"));
}

}  // namespace klab::scenarios
