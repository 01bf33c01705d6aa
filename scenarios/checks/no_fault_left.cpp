// no-fault-left: after the heal, nothing any fault did is still in place — each guard
// verifies its own step, and LabControl lists every host-side fault it can see (qdisc,
// nft rule, paused VM, downed link) whoever left it.
#include "scenarios/checks/registry.hpp"
#include "scenarios/faults/fault_stack.hpp"

namespace klab::scenarios {
namespace {

class NoFaultLeftCheck : public Check {
 public:
  std::string name() const override { return "no-fault-left"; }
  CheckResult run(CheckContext& ctx) override {
    std::vector<std::string> problems;
    std::size_t steps = 0;
    if (ctx.faults) {
      steps = ctx.faults->injected().size();
      if (!ctx.faults->all_reverted()) problems.push_back("some injected steps were never reverted");
      for (auto& left : ctx.faults->left_behind()) problems.push_back(left);
    }
    for (auto& left : ctx.lab.leftovers()) problems.push_back("host side: " + left);
    return make_result(name(), std::to_string(steps) + " injected steps reverted, nothing left on the host side",
                       std::move(problems));
  }
};

}  // namespace

std::unique_ptr<Check> make_no_fault_left_check() { return std::make_unique<NoFaultLeftCheck>(); }

}  // namespace klab::scenarios
