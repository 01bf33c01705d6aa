// ops::power_up over fake providers: a host that kept running gets its link set up
// through the provider's LinkControl when it has one, and nothing breaks when it has none.
#include <gtest/gtest.h>

#include "fakes/fake_provider.hpp"
#include "lab/link_control.hpp"
#include "lab/presets.hpp"
#include "lab/topology.hpp"
#include "ops/lab_up.hpp"

namespace klab::ops {
namespace {

class LinkRecordingProvider : public lab::fakes::FakeProvider, public lab::LinkControl {
 public:
  lab::LinkControl* links() override { return this; }
  void set_link(const lab::HostPlan& h, bool up) override { calls.push_back("link " + std::string(up ? "up " : "down ") + h.name); }
  std::optional<bool> link_up(const lab::HostPlan&) override { return true; }
  std::string interface_device(const lab::HostPlan&) override { return "vnet0"; }
};

lab::Plan ha_plan() { return lab::resolve(lab::parse_topology(lab::find_preset("ha")->yaml, "preset:ha")); }

TEST(PowerUp, SetsTheLinkOfAHostThatKeptRunningOrWasPausedUp) {
  const lab::Plan plan = ha_plan();
  LinkRecordingProvider provider;
  provider.states["kube-master2"] = lab::HostState::paused;
  provider.states["kube-master3"] = lab::HostState::shut_off;
  for (const char* name : {"kube-master1", "kube-master2", "kube-master3"}) {
    HostUp up;
    power_up(*plan.find_host(name), provider, up);
  }
  EXPECT_EQ(provider.calls, (std::vector<std::string>{"link up kube-master1", "resume kube-master2",
                                                      "link up kube-master2", "start kube-master3"}));
}

TEST(PowerUp, AProviderWithoutLinkControlOnlyPowersUp) {
  const lab::Plan plan = ha_plan();
  lab::fakes::FakeProvider provider;  // links() is nullptr
  provider.states["kube-master2"] = lab::HostState::paused;
  HostUp running, paused;
  power_up(*plan.find_host("kube-master1"), provider, running);
  power_up(*plan.find_host("kube-master2"), provider, paused);
  EXPECT_FALSE(running.started || running.resumed);
  EXPECT_TRUE(paused.resumed);
  EXPECT_EQ(provider.calls, std::vector<std::string>{"resume kube-master2"});
}

}  // namespace
}  // namespace klab::ops
