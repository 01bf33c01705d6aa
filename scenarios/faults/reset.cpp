// reset: hard reset without guest shutdown; the VM boots again by itself.
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"
#include "scenarios/faults/power.hpp"

namespace klab::scenarios {
namespace {

class Reset : public Fault {
 public:
  std::string type() const override { return "reset"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    for (const std::string& host : hosts) {
      mark_effect(ctx);
      ctx.lab.reset(host);
      stack.push(running_again_guard(host + " hard reset", host));
    }
  }
};

}  // namespace

std::unique_ptr<Fault> make_reset(const FaultParams&) { return std::make_unique<Reset>(); }

}  // namespace klab::scenarios
