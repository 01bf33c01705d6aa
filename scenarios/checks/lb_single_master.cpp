// lb-single-master: exactly one keepalived MASTER, the VIP on exactly one host, and that
// host is the MASTER (two MASTERs after a freeze/resume is the classic VRRP split).
#include "scenarios/checks/registry.hpp"
#include "provisioner/render/lab_view.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {
namespace {

class LbSingleMasterCheck : public Check {
 public:
  std::string name() const override { return "lb-single-master"; }
  CheckResult run(CheckContext& ctx) override {
    if (provisioner::vip_hosts(ctx.plan).empty())
      return make_result(name(), "the lab has no VIP: nothing to check", {});
    std::vector<std::string> problems;
    const auto states = ctx.cluster.keepalived_states();
    const auto holders = ctx.cluster.vip_holders();
    std::vector<std::string> masters;
    std::string all;
    for (const auto& [host, state] : states) {
      if (state == VrrpState::master) masters.push_back(host);
      all += (all.empty() ? "" : ", ") + host + "=" + to_string(state);
    }
    if (masters.size() != 1)
      problems.push_back(std::to_string(masters.size()) + " keepalived MASTERs (" + all + "), expected exactly 1");
    std::string on = base::join(holders, ", ");
    if (holders.size() != 1)
      problems.push_back(holders.empty() ? "no host holds the VIP" : "the VIP is on " + std::to_string(holders.size()) +
                                                                         " hosts: " + on);
    if (masters.size() == 1 && holders.size() == 1 && masters.front() != holders.front())
      problems.push_back("keepalived MASTER is " + masters.front() + " but the VIP is on " + holders.front());
    return make_result(name(), "one MASTER holding the VIP: " + on, std::move(problems));
  }
};

}  // namespace

std::unique_ptr<Check> make_lb_single_master_check() { return std::make_unique<LbSingleMasterCheck>(); }

}  // namespace klab::scenarios
