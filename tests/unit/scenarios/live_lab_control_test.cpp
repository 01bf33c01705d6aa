// LiveLabControl over a fake provider and a fake tool runner fed with outputs captured
// on the lab host: which tc/nft commands it runs, and what leftovers() reports.
#include <gtest/gtest.h>

#include <map>

#include "base/error.hpp"
#include "lab/plan.hpp"
#include "lab/presets.hpp"
#include "lab/topology.hpp"
#include "scenarios/live/live_lab_control.hpp"

namespace klab::scenarios {
namespace {

using Argv = std::vector<std::string>;

class FakeProvider : public lab::Provider, public lab::LinkControl {
 public:
  std::map<std::string, lab::HostState> states;
  std::map<std::string, bool> links;
  std::vector<std::string> calls;

  std::string name() const override { return "fake"; }
  lab::AccelChoice accel(const lab::Plan&) override { return {}; }
  lab::Ensured ensure_network(const lab::Plan&) override { return lab::Ensured::unchanged; }
  lab::Ensured ensure_pool(const lab::Plan&) override { return lab::Ensured::unchanged; }
  lab::Ensured ensure_base(const lab::Plan&, const lab::BaseImage&) override { return lab::Ensured::unchanged; }
  lab::Ensured ensure_host_volumes(const lab::Plan&, const lab::HostPlan&, const lab::BaseImage&,
                                   const lab::HostInputs&) override {
    return lab::Ensured::unchanged;
  }
  lab::Ensured ensure_domain(const lab::Plan&, const lab::HostPlan&, const lab::BaseImage&,
                             const lab::HostInputs&) override {
    return lab::Ensured::unchanged;
  }
  lab::HostState state(const lab::HostPlan& h) override {
    auto it = states.find(h.name);
    return it == states.end() ? lab::HostState::running : it->second;
  }
  void start(const lab::HostPlan& h) override { op("start", h, lab::HostState::running); }
  void shutdown(const lab::HostPlan& h) override { op("shutdown", h, lab::HostState::shut_off); }
  void destroy(const lab::HostPlan& h) override { op("destroy", h, lab::HostState::shut_off); }
  void suspend(const lab::HostPlan& h) override { op("suspend", h, lab::HostState::paused); }
  void resume(const lab::HostPlan& h) override { op("resume", h, lab::HostState::running); }
  void reset(const lab::HostPlan& h) override { op("reset", h, lab::HostState::running); }
  void reboot(const lab::HostPlan& h) override { op("reboot", h, lab::HostState::running); }
  lab::Inventory list_owned(const std::string&, const std::string&) override { return {}; }
  lab::RemoveReport remove_lab(const std::string&, const std::string&, const lab::RemoveOptions&) override {
    return {};
  }
  void snapshot_save(const lab::Plan&, const std::string&) override {}
  void snapshot_restore(const lab::Plan&, const std::string&) override {}
  std::vector<lab::LabSnapshot> snapshot_list(const lab::Plan&) override { return {}; }
  lab::RemoveReport snapshot_remove(const lab::Plan&, const std::string&) override { return {}; }

  void set_link(const lab::HostPlan& h, bool up) override {
    calls.push_back(std::string("link ") + (up ? "up " : "down ") + h.name);
    links[h.mac] = up;
  }
  std::string interface_device(const lab::HostPlan& h) override {
    if (h.name == "kube-master") return "vnet4";
    return "vnet" + std::to_string(h.name.back() - '0' + 4);  // kube-master1 -> vnet5
  }
  /// A live domain XML with the link state set_link left.
  std::string domain_xml(const lab::HostPlan& h) {
    auto it = links.find(h.mac);
    const std::string link = it != links.end() && !it->second ? "<link state='down'/>" : "";
    return "<domain type='qemu'><name>" + h.domain_name + "</name><devices><interface type='network'><mac address='" +
           h.mac + "'/><source network='klab-sc'/>" + link + "<target dev='" + interface_device(h) +
           "'/></interface></devices></domain>";
  }

 private:
  void op(const std::string& what, const lab::HostPlan& h, lab::HostState after) {
    calls.push_back(what + " " + h.name);
    states[h.name] = after;
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
        control_(plan_, provider_, provider_, [this](const lab::HostPlan& h) { return provider_.domain_xml(h); },
                 [this](const Argv& argv) { return tools_(argv); }) {
    tools_.answers[{"nft", "-j", "-a", "list", "table", "bridge", "klab_ha"}] = no_table();
  }
  lab::Plan plan_;
  FakeProvider provider_;
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

}  // namespace
}  // namespace klab::scenarios
