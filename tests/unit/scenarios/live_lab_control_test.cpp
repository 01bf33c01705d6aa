// LiveLabControl over a fake provider (with and without link control) and ToolHostFaults
// over a fake tool runner fed with outputs captured on the lab host: which tc/nft
// commands run, and what leftovers() reports.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "base/error.hpp"
#include "lab/plan.hpp"
#include "lab/presets.hpp"
#include "lab/topology.hpp"
#include "fakes/fake_provider.hpp"
#include "scenarios/live/live_lab_control.hpp"
#include "scenarios/live/tool_host_faults.hpp"

namespace klab::scenarios {
namespace {

using Argv = std::vector<std::string>;

/// A provider with link control: links live in a map, taps are vnet<4 + host number>.
class FakeLinkProvider : public lab::fakes::FakeProvider, public lab::LinkControl {
 public:
  std::map<std::string, bool> link_state;  // by MAC; absent: up
  std::set<std::string> without_nic;       // hosts whose domain has no NIC with their MAC

  lab::LinkControl* links() override { return this; }
  void set_link(const lab::HostPlan& h, bool up) override {
    calls.push_back(std::string("link ") + (up ? "up " : "down ") + h.name);
    link_state[h.mac] = up;
  }
  std::optional<bool> link_up(const lab::HostPlan& h) override {
    if (without_nic.count(h.name)) return std::nullopt;
    auto it = link_state.find(h.mac);
    return it == link_state.end() || it->second;
  }
  std::string interface_device(const lab::HostPlan& h) override {
    if (h.name == "kube-master") return "vnet4";
    return "vnet" + std::to_string(h.name.back() - '0' + 4);  // kube-master1 -> vnet5
  }
};

/// Replays canned outputs per command and records every command.
struct FakeTools {
  std::vector<Argv> ran;
  std::map<Argv, base::ProcessResult> answers;
  base::ProcessResult operator()(const Argv& argv) {
    ran.push_back(argv);
    auto it = answers.find(argv);
    if (it != answers.end()) return it->second;
    return base::ProcessResult{0, "", ""};
  }
};

base::ProcessResult ok(std::string out) { return {0, std::move(out), ""}; }
base::ProcessResult no_table() {
  return {1, "", "Error: No such file or directory\nlist table bridge klab_ha\n                  ^^^^^^^^\n"};
}

std::string listing(const std::vector<std::pair<int, std::string>>& rules) {
  std::string out = R"({"nftables": [{"metainfo": {"version": "1.0.6"}}, {"table": {"family": "bridge", "name": "klab_ha", "handle": 7}})";
  for (const auto& [handle, comment] : rules)
    out += R"(, {"rule": {"family": "bridge", "table": "klab_ha", "chain": "partition", "handle": )" +
           std::to_string(handle) + R"(, "comment": ")" + comment + R"(", "expr": [{"drop": null}]}})";
  return out + "]}";
}

class LiveLabControlTest : public ::testing::Test {
 protected:
  LiveLabControlTest()
      : plan_(lab::resolve(lab::parse_topology(lab::find_preset("ha")->yaml, "preset:ha"))),
        control_(plan_, provider_, provider_,
                 std::make_unique<ToolHostFaults>(plan_, provider_, provider_,
                                                  [this](const Argv& argv) { return tools_(argv); })) {
    tools_.answers[{"nft", "-j", "-a", "list", "table", "bridge", "klab_ha"}] = no_table();
  }
  lab::Plan plan_;
  FakeLinkProvider provider_;
  FakeTools tools_;
  LiveLabControl control_;
};

TEST_F(LiveLabControlTest, CleanLabHasNoLeftovers) {
  tools_.answers[{"tc", "qdisc", "show"}] = ok("qdisc noqueue 0: dev lo root refcnt 2 \n"
                                              "qdisc pfifo_fast 0: dev vnet5 root refcnt 2 bands 3\n");
  EXPECT_EQ(control_.leftovers(), std::vector<std::string>{});
}

TEST_F(LiveLabControlTest, ReportsEveryKindOfLeftover) {
  provider_.states["kube-master2"] = lab::HostState::paused;
  provider_.states["kube-master3"] = lab::HostState::shut_off;
  control_.set_link("kube-master1", false);
  tools_.answers[{"tc", "qdisc", "show"}] =
      ok("qdisc netem 8001: dev vnet5 root refcnt 2 limit 1000 delay 100ms\n"
         "qdisc netem 8002: dev vnet42 root refcnt 2 limit 1000 delay 1ms\n");  // another lab's tap
  tools_.answers[{"nft", "-j", "-a", "list", "table", "bridge", "klab_ha"}] =
      ok(listing({{2, "klab-partition kube-master1 kube-master2"}, {3, "klab-partition kube-master1 kube-master2"}}));
  const std::vector<std::string> left = control_.leftovers();
  const std::vector<std::string> expected = {"link of kube-master1 is down", "kube-master2 is paused",
                                             "kube-master3 is shut off", "netem qdisc on vnet5 (kube-master1)",
                                             "nft rule dropping kube-master1 <-> kube-master2"};
  EXPECT_EQ(left, expected);
}

TEST_F(LiveLabControlTest, EmptyTableIsALeftover) {
  tools_.answers[{"nft", "-j", "-a", "list", "table", "bridge", "klab_ha"}] = ok(listing({}));
  const auto left = control_.leftovers();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0], "nft table bridge klab_ha (empty)");
}

TEST_F(LiveLabControlTest, PartitionAddedOnceAndRemovedWithItsTable) {
  control_.add_partition("kube-master2", "kube-master1");
  ASSERT_EQ(tools_.ran.size(), 2u);  // list (absent), add
  EXPECT_EQ(tools_.ran[1][0], "nft");
  EXPECT_NE(tools_.ran[1][1].find("klab-partition kube-master1 kube-master2"), std::string::npos);

  tools_.answers[{"nft", "-j", "-a", "list", "table", "bridge", "klab_ha"}] =
      ok(listing({{2, "klab-partition kube-master1 kube-master2"}, {3, "klab-partition kube-master1 kube-master2"}}));
  EXPECT_TRUE(control_.has_partition("kube-master1", "kube-master2"));
  EXPECT_FALSE(control_.has_partition("kube-master1", "kube-master3"));
  tools_.ran.clear();
  control_.add_partition("kube-master1", "kube-master2");  // already there: nothing added
  EXPECT_EQ(tools_.ran.size(), 1u);

  tools_.ran.clear();
  control_.remove_partition("kube-master2", "kube-master1");
  ASSERT_EQ(tools_.ran.size(), 3u);
  EXPECT_EQ(tools_.ran[1], (Argv{"nft", "delete rule bridge klab_ha partition handle 2; delete rule bridge klab_ha "
                                        "partition handle 3"}));
  EXPECT_EQ(tools_.ran[2], (Argv{"nft", "delete", "table", "bridge", "klab_ha"}));
}

TEST_F(LiveLabControlTest, RemovingOnePartitionKeepsTheOthersAndTheTable) {
  tools_.answers[{"nft", "-j", "-a", "list", "table", "bridge", "klab_ha"}] =
      ok(listing({{2, "klab-partition kube-master1 kube-master2"}, {3, "klab-partition kube-master1 kube-master3"}}));
  control_.remove_partition("kube-master1", "kube-master2");
  ASSERT_EQ(tools_.ran.size(), 2u);
  EXPECT_EQ(tools_.ran[1], (Argv{"nft", "delete rule bridge klab_ha partition handle 2"}));
}

TEST_F(LiveLabControlTest, NetemOnTheHostsTap) {
  control_.add_netem("kube-master2", NetemSpec{std::chrono::milliseconds(80), {}, 0});
  EXPECT_EQ(tools_.ran.back(), (Argv{"tc", "qdisc", "replace", "dev", "vnet6", "root", "netem", "delay", "80ms"}));
  tools_.answers[{"tc", "qdisc", "show", "dev", "vnet6"}] = ok("qdisc netem 8001: root refcnt 2 limit 1000 delay 80ms\n");
  EXPECT_TRUE(control_.has_netem("kube-master2"));
  control_.remove_netem("kube-master2");
  EXPECT_EQ(tools_.ran.back(), (Argv{"tc", "qdisc", "del", "dev", "vnet6", "root"}));
  // Not running: its tap and qdisc are gone; nothing to run.
  provider_.states["kube-master3"] = lab::HostState::shut_off;
  tools_.ran.clear();
  control_.remove_netem("kube-master3");
  EXPECT_FALSE(control_.has_netem("kube-master3"));
  EXPECT_TRUE(tools_.ran.empty());
}

TEST_F(LiveLabControlTest, ToolFailureIsAnActionableError) {
  tools_.answers[{"tc", "qdisc", "replace", "dev", "vnet5", "root", "netem", "delay", "10ms"}] =
      base::ProcessResult{2, "", "RTNETLINK answers: Operation not permitted\n"};
  try {
    control_.add_netem("kube-master1", NetemSpec{std::chrono::milliseconds(10), {}, 0});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_NE(std::string(e.what()).find("Operation not permitted"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("lab-env run"), std::string::npos);
  }
}

TEST_F(LiveLabControlTest, LinkAndPowerGoThroughTheProvider) {
  control_.set_link("kube-master3", false);
  EXPECT_FALSE(control_.link_up("kube-master3"));
  control_.set_link("kube-master3", true);
  EXPECT_TRUE(control_.link_up("kube-master3"));
  control_.suspend("kube-master");
  EXPECT_EQ(control_.state("kube-master"), lab::HostState::paused);
  control_.resume("kube-master");
  EXPECT_EQ(control_.state("kube-master"), lab::HostState::running);
  EXPECT_THROW(control_.start("nope"), Error);
}

TEST_F(LiveLabControlTest, LinkOfADomainWithoutThePlannedNicIsAnError) {
  provider_.without_nic.insert("kube-master2");
  try {
    control_.link_up("kube-master2");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_NE(std::string(e.what()).find("has no interface with MAC"), std::string::npos) << e.what();
  }
  provider_.states["kube-master2"] = lab::HostState::shut_off;  // not running: its link is up
  EXPECT_TRUE(control_.link_up("kube-master2"));
}

lab::Plan ha_plan() { return lab::resolve(lab::parse_topology(lab::find_preset("ha")->yaml, "preset:ha")); }

TEST(MakeLiveLabControl, AProviderWithoutLinkControlCannotInjectHostFaults) {
  const lab::Plan plan = ha_plan();
  lab::fakes::FakeProvider provider;  // links() is nullptr
  try {
    make_live_lab_control(plan, provider);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_STREQ(e.what(), "provider fake cannot inject host-side faults: only libvirt can");
  }
}

TEST(MakeLiveLabControl, UsesTheProvidersLinkControlAndTheGivenTools) {
  const lab::Plan plan = ha_plan();
  FakeLinkProvider provider;
  FakeTools tools;
  auto control = make_live_lab_control(plan, provider, [&tools](const Argv& argv) { return tools(argv); });
  control->set_link("kube-master1", false);
  EXPECT_EQ(provider.calls, std::vector<std::string>{"link down kube-master1"});
  control->remove_netem("kube-master3");
  EXPECT_EQ(tools.ran, (std::vector<Argv>{{"tc", "qdisc", "show", "dev", "vnet7"}}));
}

/// Records what LiveLabControl asks of its HostFaults.
struct RecordingFaults : lab::HostFaults {
  std::vector<std::string>* log;
  std::vector<std::string> left;
  explicit RecordingFaults(std::vector<std::string>* l) : log(l) {}
  void add_netem(const lab::HostPlan& h, const lab::NetemSpec& s) override {
    log->push_back("add-netem " + h.name + " " + std::to_string(s.delay.count()));
  }
  void remove_netem(const lab::HostPlan& h) override { log->push_back("remove-netem " + h.name); }
  bool has_netem(const lab::HostPlan& h) override { return h.name == "kube-master1"; }
  void add_partition(const lab::HostPlan& a, const lab::HostPlan& b) override {
    log->push_back("add-partition " + a.name + " " + b.name);
  }
  void remove_partition(const lab::HostPlan& a, const lab::HostPlan& b) override {
    log->push_back("remove-partition " + a.name + " " + b.name);
  }
  bool has_partition(const lab::HostPlan&, const lab::HostPlan&) override { return false; }
  std::vector<std::string> leftovers() override { return left; }
};

TEST(LiveLabControlFaults, HostFaultsGetThePlanHostsAndTheirLeftoversComeAfterTheHosts) {
  const lab::Plan plan = ha_plan();
  FakeLinkProvider provider;
  std::vector<std::string> log;
  auto faults = std::make_unique<RecordingFaults>(&log);
  faults->left = {"netem qdisc on vnet5 (kube-master1)"};
  LiveLabControl control(plan, provider, provider, std::move(faults));
  control.add_netem("kube-master2", NetemSpec{std::chrono::milliseconds(30), {}, 0});
  control.remove_netem("kube-master2");
  control.add_partition("kube-master3", "kube-master1");
  control.remove_partition("kube-master3", "kube-master1");
  EXPECT_EQ(log, (std::vector<std::string>{"add-netem kube-master2 30", "remove-netem kube-master2",
                                           "add-partition kube-master3 kube-master1",
                                           "remove-partition kube-master3 kube-master1"}));
  EXPECT_TRUE(control.has_netem("kube-master1"));
  EXPECT_FALSE(control.has_netem("kube-master2"));
  provider.states["kube-master"] = lab::HostState::paused;
  EXPECT_EQ(control.leftovers(),
            (std::vector<std::string>{"kube-master is paused", "netem qdisc on vnet5 (kube-master1)"}));
  // Unknown hosts and self-partitions are refused before the HostFaults is asked.
  log.clear();
  EXPECT_THROW(control.add_netem("nope", {}), Error);
  try {
    control.add_partition("nope", "nope");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_STREQ(e.what(), "cannot partition nope from itself");
  }
  EXPECT_TRUE(log.empty());
}

}  // namespace
}  // namespace klab::scenarios
