// suspend: freeze the VM's vCPUs (a stalled machine: no crash, no network answers);
// heal resumes it and the guest finds its clock behind (chrony steps it).
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"

namespace klab::scenarios {
namespace {

class Suspend : public Fault {
 public:
  std::string type() const override { return "suspend"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    for (const std::string& host : hosts) {
      mark_effect(ctx);
      ctx.lab.suspend(host);
      stack.push(make_guard(
          host + " suspended",
          [host](FaultContext& c) {
            if (c.lab.state(host) == lab::HostState::paused) c.lab.resume(host);
          },
          [host](FaultContext& c) -> std::optional<std::string> {
            const lab::HostState s = c.lab.state(host);
            if (s == lab::HostState::running) return std::nullopt;
            return host + " is " + lab::to_string(s) + ", not running";
          }));
    }
  }
};

}  // namespace

std::unique_ptr<Fault> make_suspend(const FaultParams&) { return std::make_unique<Suspend>(); }

}  // namespace klab::scenarios
