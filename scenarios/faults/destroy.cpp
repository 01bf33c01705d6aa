// destroy: power the VM off at once: a crash or power loss; heal starts it.
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"
#include "scenarios/faults/power.hpp"

namespace klab::scenarios {
namespace {

class Destroy : public Fault {
 public:
  std::string type() const override { return "destroy"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    for (const std::string& host : hosts) {
      mark_effect(ctx);
      ctx.lab.destroy(host);
      stack.push(running_again_guard(host + " powered off (destroy)", host));
    }
  }
};

}  // namespace

std::unique_ptr<Fault> make_destroy(const FaultParams&) { return std::make_unique<Destroy>(); }

}  // namespace klab::scenarios
