// netem: delay, jitter and loss on the host side of the VM's interface (tc netem on the
// vnet device): every packet to and from the guest is affected, and the guest cannot
// see or remove the qdisc.
#include <cstdio>

#include "base/error.hpp"
#include "scenarios/duration.hpp"
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"

namespace klab::scenarios {
namespace {

class Netem : public Fault {
 public:
  explicit Netem(NetemSpec spec) : spec_(spec) {}
  std::string type() const override { return "netem"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    for (const std::string& host : hosts) {
      mark_effect(ctx);
      ctx.lab.add_netem(host, spec_);
      stack.push(make_guard(
          "netem on " + host + " (" + describe() + ")",
          [host](FaultContext& c) { c.lab.remove_netem(host); },
          [host](FaultContext& c) -> std::optional<std::string> {
            if (!c.lab.has_netem(host)) return std::nullopt;
            return "a netem qdisc is still on " + host + "'s interface";
          }));
    }
  }

 private:
  std::string describe() const {
    std::string text = "delay " + format_duration(spec_.delay);
    if (spec_.jitter.count() > 0) text += " ±" + format_duration(spec_.jitter);
    char loss[32];
    std::snprintf(loss, sizeof loss, ", loss %g%%", spec_.loss_percent);
    return text + loss;
  }
  NetemSpec spec_;
};

}  // namespace

std::unique_ptr<Fault> make_netem(const FaultParams& params) {
  NetemSpec spec;
  spec.delay = params.duration("delay");
  spec.jitter = params.duration("jitter");
  spec.loss_percent = params.percent("loss");
  if (spec.delay.count() == 0 && spec.loss_percent == 0)
    throw usage_error("netem needs a delay or a loss: a netem fault with neither does nothing");
  return std::make_unique<Netem>(spec);
}

}  // namespace klab::scenarios
