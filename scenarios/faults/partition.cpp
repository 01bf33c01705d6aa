// partition: traffic between the target and each peer dropped in both directions by
// nftables rules on the host bridge; the rest of the lab (and the host) still reach both.
#include <algorithm>

#include "base/error.hpp"
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"

namespace klab::scenarios {
namespace {

class Partition : public Fault {
 public:
  explicit Partition(std::vector<std::string> peers) : peers_(std::move(peers)) {}
  std::string type() const override { return "partition"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    for (const std::string& host : hosts) {
      for (const std::string& peer : peers_for(ctx.plan, host, hosts)) {
        mark_effect(ctx);
        ctx.lab.add_partition(host, peer);
        stack.push(make_guard(
            "partition " + host + " <-> " + peer,
            [host, peer](FaultContext& c) { c.lab.remove_partition(host, peer); },
            [host, peer](FaultContext& c) -> std::optional<std::string> {
              if (!c.lab.has_partition(host, peer)) return std::nullopt;
              return "traffic between " + host + " and " + peer + " is still dropped";
            }));
      }
    }
  }

 private:
  std::vector<std::string> peers_for(const lab::Plan& plan, const std::string& host,
                                     const std::vector<std::string>& targets) const {
    std::vector<std::string> out;
    if (peers_.size() == 1 && peers_[0] == "all-others") {
      for (const lab::HostPlan& h : plan.hosts)
        if (std::find(targets.begin(), targets.end(), h.name) == targets.end()) out.push_back(h.name);
      return out;
    }
    for (const std::string& peer : peers_) {
      if (!plan.find_host(peer))
        throw usage_error("partition peer '" + peer + "' is not a host of lab '" + plan.lab +
                          "': use a host name from the lab's topology or all-others");
      if (peer != host) out.push_back(peer);
    }
    return out;
  }
  std::vector<std::string> peers_;
};

}  // namespace

std::unique_ptr<Fault> make_partition(const FaultParams& params) {
  return std::make_unique<Partition>(params.list("peers"));
}

}  // namespace klab::scenarios
