// haproxy.cfg: accepted by the real `haproxy -c` without warnings on every VIP host, binds
// the VIP only, and balances over exactly the masters.
#include <gtest/gtest.h>

#include <regex>

#include "fixtures/render/default_lab.hpp"
#include "base/error.hpp"
#include "provisioner/render/haproxy.hpp"
#include "provisioner/render/lab_view.hpp"

namespace klab::provisioner {
namespace {

using namespace testing;

class RenderHaproxy : public ::testing::Test {
 protected:
  lab::Plan plan = default_plan();
  Settings settings = default_settings(plan);
  TemplateSet templates = TemplateSet::builtin();
  RenderContext ctx{plan, settings, templates};
  TempDir dir;

  CommandOutput check(const std::string& config) {
    const std::filesystem::path file = dir.path() / "haproxy.cfg";
    write_text(file, config);
    return run(find_tool("haproxy") + " -c -f " + file.string());
  }
};

TEST_F(RenderHaproxy, RealHaproxyAcceptsTheConfigOfEveryVipHostWithoutWarnings) {
  if (find_tool("haproxy").empty())
    GTEST_SKIP() << "haproxy not installed (apt-get install haproxy)";
  ASSERT_EQ(vip_hosts(plan).size(), 4u);
  for (const lab::HostPlan* h : vip_hosts(plan)) {
    const CommandOutput out = check(render_haproxy_cfg(ctx, *h).content);
    EXPECT_EQ(out.exit_code, 0) << h->name << ":\n" << out.output;
    EXPECT_EQ(out.output.find("[WARNING]"), std::string::npos) << h->name << ":\n" << out.output;
    EXPECT_EQ(out.output.find("[ALERT]"), std::string::npos) << h->name << ":\n" << out.output;
  }
}

TEST_F(RenderHaproxy, TheValidatorRejectsABrokenConfig) {
  if (find_tool("haproxy").empty())
    GTEST_SKIP() << "haproxy not installed (apt-get install haproxy)";
  std::string config = render_haproxy_cfg(ctx, plan.hosts[1]).content;
  config.replace(config.find("balance leastconn"), 17, "balance leastest");
  EXPECT_NE(check(config).exit_code, 0);
}

TEST_F(RenderHaproxy, BindsTheVipOnlySoMastersKeepTheirOwnPorts) {
  const std::string config = render_haproxy_cfg(ctx, plan.hosts[2]).content;
  const std::regex bind(R"(\n\s*bind\s+(\S+))");
  int binds = 0;
  for (std::sregex_iterator it(config.begin(), config.end(), bind), end; it != end; ++it) {
    ++binds;
    const std::string addr = (*it)[1];
    EXPECT_TRUE(addr == "192.168.49.160:6443" || addr == "192.168.49.160:2379") << addr;
  }
  EXPECT_EQ(binds, 2);
}

TEST_F(RenderHaproxy, BackendsAreTheThreeMastersWithHealthChecks) {
  const std::string config = render_haproxy_cfg(ctx, plan.hosts[0]).content;
  for (const std::string addr : {"192.168.49.151", "192.168.49.152", "192.168.49.153"}) {
    EXPECT_NE(config.find(addr + ":6443"), std::string::npos) << addr;
    EXPECT_NE(config.find(addr + ":2379"), std::string::npos) << addr;
  }
  EXPECT_EQ(config.find("192.168.49.150:"), std::string::npos) << "the LB is no backend";
  EXPECT_NE(config.find("check check-ssl verify none inter 2s fall 3 rise 2"), std::string::npos);
  EXPECT_NE(config.find("uri /readyz"), std::string::npos);
  EXPECT_NE(config.find("stats socket /run/haproxy/admin.sock mode 660 level admin"),
            std::string::npos);
}

TEST_F(RenderHaproxy, RefusesALabWithoutVipAndAWorker) {
  lab::Plan no_vip = default_plan();
  no_vip.network.vip.reset();
  const RenderContext c{no_vip, settings, templates};
  EXPECT_THROW(render_haproxy_cfg(c, no_vip.hosts[1]), Error);
  lab::HostPlan worker = testing::host("worker1", lab::Role::worker, 170);
  EXPECT_THROW(render_haproxy_cfg(ctx, worker), Error);
}

}  // namespace
}  // namespace klab::provisioner
