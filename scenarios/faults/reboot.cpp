// reboot: guest-cooperative reboot (ACPI); the VM comes back by itself.
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"
#include "scenarios/faults/power.hpp"

namespace klab::scenarios {
namespace {

class Reboot : public Fault {
 public:
  std::string type() const override { return "reboot"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    for (const std::string& host : hosts) {
      mark_effect(ctx);
      ctx.lab.reboot(host);
      stack.push(running_again_guard(host + " rebooted", host));
    }
  }
};

}  // namespace

std::unique_ptr<Fault> make_reboot(const FaultParams&) { return std::make_unique<Reboot>(); }

}  // namespace klab::scenarios
