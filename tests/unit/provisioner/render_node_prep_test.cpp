// Node preparation files: the sysctl file parses the way systemd-sysctl reads it and
// names keys this kernel knows; modules, chrony sources and journald limits are what
// the settings say.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "fixtures/render/default_lab.hpp"
#include "provisioner/render/node_prep.hpp"

namespace klab::provisioner {
namespace {

using namespace testing;

class RenderNodePrep : public ::testing::Test {
 protected:
  lab::Plan plan = default_plan();
  Settings settings = default_settings(plan);
  TemplateSet templates = TemplateSet::builtin();
  RenderContext ctx{plan, settings, templates};
};

// sysctl.d(5): "key = value" lines, comments start with # or ;.
std::map<std::string, std::string> parse_sysctl(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  const std::regex assignment(R"(^([a-z0-9_.-]+)\s*=\s*(\S+)\s*$)");
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    std::smatch m;
    EXPECT_TRUE(std::regex_match(line, m, assignment)) << "unparsable sysctl line: " << line;
    out[m[1]] = m[2];
  }
  return out;
}

TEST_F(RenderNodePrep, SysctlParsesAndNamesRealKernelKeys) {
  const RenderedFile f = render_sysctl(ctx);
  EXPECT_EQ(f.path, "/etc/sysctl.d/90-klab.conf");
  const auto keys = parse_sysctl(f.content);
  EXPECT_EQ(keys.at("net.ipv4.ip_forward"), "1");
  EXPECT_EQ(keys.at("net.ipv4.ip_nonlocal_bind"), "1");
  EXPECT_EQ(keys.at("net.bridge.bridge-nf-call-iptables"), "1");
  const bool bridge_loaded = std::filesystem::exists("/proc/sys/net/bridge");
  for (const auto& [key, value] : keys) {
    std::string path = "/proc/sys/" + key;
    std::replace(path.begin(), path.end(), '.', '/');
    // net.bridge.* appears only once br_netfilter is loaded, which the guest does first.
    if (!bridge_loaded && key.starts_with("net.bridge.")) continue;
    EXPECT_TRUE(std::filesystem::exists(path)) << key << " is no kernel parameter (" << path << ")";
  }
}

TEST_F(RenderNodePrep, ModulesLoadListsOneModulePerLine) {
  const std::string text = render_modules_load(ctx).content;
  std::vector<std::string> listed;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') listed.push_back(line);
  }
  EXPECT_EQ(listed, kernel_modules());
  EXPECT_EQ(listed.front(), "br_netfilter");
}

TEST_F(RenderNodePrep, ChronyPrefersTheGatewayAndPeersWithTheOtherHosts) {
  const std::string text = render_chrony(ctx, plan.hosts[1]).content;
  EXPECT_NE(text.find("server 192.168.49.1 iburst prefer\n"), std::string::npos);
  EXPECT_NE(text.find("server 192.168.49.150 iburst\n"), std::string::npos);
  EXPECT_NE(text.find("server 192.168.49.153 iburst\n"), std::string::npos);
  EXPECT_EQ(text.find("server 192.168.49.151 "), std::string::npos) << "not itself";
  EXPECT_NE(text.find("allow 192.168.49.0/24\n"), std::string::npos);
  EXPECT_NE(text.find("makestep 1 -1\n"), std::string::npos);
  EXPECT_EQ(text.find("\npool "), std::string::npos) << "no unreachable pool";
}

TEST_F(RenderNodePrep, JournaldCarriesSizeAndRateLimits) {
  settings.node.journald_rate_limit_burst = 1234;
  const std::string text = render_journald(ctx).content;
  EXPECT_EQ(text.substr(text.find("[Journal]")).substr(0, 10), "[Journal]\n");
  for (const std::string line :
       {"SystemMaxUse=512M", "SystemMaxFileSize=32M", "RateLimitIntervalSec=30s",
        "RateLimitBurst=1234", "Storage=persistent"}) {
    EXPECT_NE(text.find("\n" + line + "\n"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace klab::provisioner
