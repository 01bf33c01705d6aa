// link-down: the VM's lab NIC loses its link from the host side; the guest sees carrier
// loss and cannot bring it back itself.
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"

namespace klab::scenarios {
namespace {

class LinkDown : public Fault {
 public:
  std::string type() const override { return "link-down"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    for (const std::string& host : hosts) {
      mark_effect(ctx);
      ctx.lab.set_link(host, false);
      stack.push(make_guard(
          "link of " + host + " down",
          [host](FaultContext& c) { c.lab.set_link(host, true); },
          [host](FaultContext& c) -> std::optional<std::string> {
            if (c.lab.link_up(host)) return std::nullopt;
            return "the link of " + host + " is still down";
          }));
    }
  }
};

}  // namespace

std::unique_ptr<Fault> make_link_down(const FaultParams&) { return std::make_unique<LinkDown>(); }

}  // namespace klab::scenarios
