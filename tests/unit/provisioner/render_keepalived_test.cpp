// keepalived.conf: accepted by the real `keepalived -t` on every VIP host; one MASTER (the
// LB) with the highest priority, distinct backup priorities, unicast to the three other
// hosts, haproxy tracked; the notify script is valid sh and logs a timestamped line.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "fixtures/render/default_lab.hpp"
#include "base/error.hpp"
#include "provisioner/render/keepalived.hpp"
#include "provisioner/render/lab_view.hpp"
#include "provisioner/vrrp_auth.hpp"

namespace klab::provisioner {
namespace {

using namespace testing;

// keepalived -t insists the interface exists here; use one of this machine's.
std::string host_interface() {
  for (const auto& entry : std::filesystem::directory_iterator("/sys/class/net")) {
    const std::string name = entry.path().filename().string();
    if (name != "lo") return name;
  }
  return {};
}

std::string field(const std::string& config, const std::string& key) {
  const std::regex re("\n\\s*" + key + "\\s+(\\S+)");
  std::smatch m;
  return std::regex_search(config, m, re) ? m[1].str() : "";
}

class RenderKeepalived : public ::testing::Test {
 protected:
  lab::Plan plan = default_plan();
  Settings settings = settings_with_test_secret(plan);
  TemplateSet templates = TemplateSet::builtin();
  RenderContext ctx{plan, settings, templates};
  TempDir dir;

  CommandOutput check(const std::string& config) {
    const std::filesystem::path file = dir.path() / "keepalived.conf";
    write_text(file, config);
    return run(find_tool("keepalived") + " -t -f " + file.string());
  }
};

TEST_F(RenderKeepalived, RealKeepalivedAcceptsTheConfigOfEveryVipHost) {
  if (find_tool("keepalived").empty()) GTEST_SKIP() << "keepalived not installed";
  const std::string nic = host_interface();
  if (nic.empty()) GTEST_SKIP() << "no network interface besides lo for keepalived -t to check";
  settings.keepalived.interface = nic;
  for (const lab::HostPlan* h : vip_hosts(plan)) {
    const CommandOutput out = check(render_keepalived_conf(ctx, *h).content);
    EXPECT_EQ(out.exit_code, 0) << h->name << ":\n" << out.output;
    EXPECT_EQ(out.output, "") << h->name << ": keepalived -t complained";
  }
}

TEST_F(RenderKeepalived, TheScriptModeTracksHaproxyWithPgrepAndRealKeepalivedAcceptsIt) {
  settings.keepalived.haproxy_tracking = HaproxyTracking::script;
  const std::string config = render_keepalived_conf(ctx, plan.hosts[1]).content;
  EXPECT_NE(config.find("track_script {\n    chk_haproxy"), std::string::npos) << config;
  EXPECT_NE(config.find("script \"/usr/bin/pgrep -x haproxy\""), std::string::npos) << config;
  EXPECT_EQ(config.find("vrrp_track_process"), std::string::npos) << config;
  EXPECT_EQ(config.find("track_process {"), std::string::npos) << config;
  if (find_tool("keepalived").empty()) GTEST_SKIP() << "keepalived not installed";
  const std::string nic = host_interface();
  if (nic.empty()) GTEST_SKIP() << "no network interface besides lo for keepalived -t to check";
  settings.keepalived.interface = nic;
  const CommandOutput out = check(render_keepalived_conf(ctx, plan.hosts[1]).content);
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(out.output, "");
}

TEST_F(RenderKeepalived, TheValidatorRejectsAnOutOfRangePriority) {
  if (find_tool("keepalived").empty()) GTEST_SKIP() << "keepalived not installed";
  const std::string nic = host_interface();
  if (nic.empty()) GTEST_SKIP() << "no network interface besides lo for keepalived -t to check";
  settings.keepalived.interface = nic;
  settings.keepalived.lb_priority = 300;
  EXPECT_NE(check(render_keepalived_conf(ctx, plan.hosts[0]).content).exit_code, 0);
}

TEST_F(RenderKeepalived, OneMasterWithTheHighestPriorityAndDistinctBackups) {
  int masters = 0;
  std::set<int> priorities;
  for (const lab::HostPlan* h : vip_hosts(plan)) {
    const std::string config = render_keepalived_conf(ctx, *h).content;
    const int prio = std::stoi(field(config, "priority"));
    EXPECT_TRUE(priorities.insert(prio).second) << "duplicate priority " << prio;
    if (field(config, "state") == "MASTER") {
      ++masters;
      EXPECT_EQ(h->role, lab::Role::lb);
      EXPECT_EQ(prio, 150);
    } else {
      EXPECT_EQ(field(config, "state"), "BACKUP");
      EXPECT_LT(prio, 150);
    }
    EXPECT_EQ(field(config, "virtual_router_id"), std::to_string(derive_vrrp_router_id("ha")));
    EXPECT_EQ(field(config, "auth_pass"), kTestVrrpSecret);
    EXPECT_NE(config.find("192.168.49.160/24 dev eth0"), std::string::npos);
    EXPECT_NE(config.find("track_process {\n    track_haproxy"), std::string::npos) << config;
    EXPECT_EQ(config.find("pgrep"), std::string::npos) << "no script forked while haproxy runs";
    EXPECT_NE(config.find("notify /usr/local/lib/klab/keepalived-notify.sh"), std::string::npos);
    EXPECT_NE(config.find("enable_script_security"), std::string::npos);
  }
  EXPECT_EQ(masters, 1);
  EXPECT_EQ(priorities, (std::set<int>{100, 110, 120, 150}));
}

// The secret comes from the lab directory, not from the lab name anyone can read.
TEST_F(RenderKeepalived, DeploySettingsRenderTheLabsStoredSecret) {
  const Settings deployed = deploy_settings(plan, dir.path());
  const std::string stored = ensure_vrrp_auth_pass(dir.path());
  EXPECT_EQ(deployed.keepalived.auth_pass, stored);
  const RenderContext deploy_ctx{plan, deployed, templates};
  for (const lab::HostPlan* h : vip_hosts(plan))
    EXPECT_EQ(field(render_keepalived_conf(deploy_ctx, *h).content, "auth_pass"), stored) << h->name;
}

TEST_F(RenderKeepalived, WithoutTheLabsSecretNothingIsRendered) {
  settings.keepalived.auth_pass.clear();  // default_settings: no lab directory read
  EXPECT_THROW(render_keepalived_conf(ctx, plan.hosts[0]), Error);
}

TEST_F(RenderKeepalived, UnicastsFromItsOwnAddressToEveryOtherVipHost) {
  const std::regex address(R"(192\.168\.49\.\d+)");
  for (const lab::HostPlan* h : vip_hosts(plan)) {
    const std::string config = render_keepalived_conf(ctx, *h).content;
    EXPECT_EQ(field(config, "unicast_src_ip"), h->ip.str());
    const std::size_t start = config.find("unicast_peer {");
    ASSERT_NE(start, std::string::npos);
    const std::string body = config.substr(start, config.find('}', start) - start);
    std::set<std::string> peers;
    for (std::sregex_iterator it(body.begin(), body.end(), address), end; it != end; ++it) {
      peers.insert(it->str());
    }
    std::set<std::string> expected;
    for (const lab::HostPlan* o : vip_hosts(plan)) {
      if (o != h) expected.insert(o->ip.str());
    }
    EXPECT_EQ(peers, expected) << h->name;
  }
}

TEST_F(RenderKeepalived, WithoutAnLbTheFirstMasterIsMaster) {
  lab::Plan no_lb = default_plan();
  no_lb.hosts.erase(no_lb.hosts.begin());
  const RenderContext c{no_lb, settings, templates};
  EXPECT_EQ(field(render_keepalived_conf(c, no_lb.hosts[0]).content, "state"), "MASTER");
  EXPECT_EQ(field(render_keepalived_conf(c, no_lb.hosts[1]).content, "state"), "BACKUP");
}

TEST_F(RenderKeepalived, NotifyScriptIsValidShAndLogsATimestampedStateChange) {
  const RenderedFile notify = render_keepalived_notify(ctx);
  EXPECT_EQ(notify.path, "/usr/local/lib/klab/keepalived-notify.sh");
  EXPECT_EQ(notify.mode, 0755u);
  // Run it for real with the state log redirected into the temp dir.
  settings.keepalived.state_log = (dir.path() / "log/state.log").string();
  const std::filesystem::path script = dir.path() / "notify.sh";
  write_text(script, render_keepalived_notify(ctx).content);
  const CommandOutput out = run("sh " + script.string() + " INSTANCE klab_vip MASTER 150");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const std::string log = read_text(dir.path() / "log/state.log");
  const std::regex line(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z host=\S+ )"
                       R"(type=INSTANCE name=klab_vip state=MASTER priority=150\n$)");
  EXPECT_TRUE(std::regex_search(log, line)) << log;
}

TEST(RenderKeepalivedBounds, DefaultsGiveTheDocumentedFailoverBounds) {
  const lab::Plan plan = default_plan();
  const Settings s = default_settings(plan);
  const FailoverBounds b = failover_bounds(s, 120);  // kube-master1 takes over
  EXPECT_DOUBLE_EQ(b.skew_s, 136.0 / 256.0);
  EXPECT_DOUBLE_EQ(b.vrrp_host_death_s, 3.0 + 136.0 / 256.0);
  EXPECT_DOUBLE_EQ(b.haproxy_death_s, 2.0 + 136.0 / 256.0);  // track_process terminate_delay
  Settings script = s;
  script.keepalived.haproxy_tracking = HaproxyTracking::script;
  EXPECT_DOUBLE_EQ(failover_bounds(script, 120).haproxy_death_s, 4.0 + 136.0 / 256.0);  // 2 s × fall 2
  EXPECT_DOUBLE_EQ(b.backend_down_s, 6.0);
  EXPECT_DOUBLE_EQ(b.etcd_leader_loss_s, 10.0);
  EXPECT_LT(b.vrrp_host_death_s, 4.0);
}

}  // namespace
}  // namespace klab::provisioner
