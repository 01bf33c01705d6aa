// etcd: every ETCD_* variable and every manifest flag is a flag of the etcd 3.4 that
// Debian ships (fixture captured from `etcd --help`); the systemd and static-pod modes
// carry exactly the same flags; the gRPC proxy unit uses real grpc-proxy flags and does
// not collide with haproxy.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <regex>
#include <set>

#include "fixtures/render/default_lab.hpp"
#include "base/error.hpp"
#include "provisioner/render/etcd_config.hpp"
#include "provisioner/render/etcd_manifest.hpp"
#include "provisioner/render/etcd_proxy.hpp"

namespace klab::provisioner {
namespace {

using namespace testing;

std::set<std::string> flags_in_help(const std::string& file) {
  const std::string text = read_text(fixtures() / file);
  std::set<std::string> out;
  const std::regex flag(R"(\n\s+(?:-\w, )?--([a-z0-9-]+))");
  for (std::sregex_iterator it(text.begin(), text.end(), flag), end; it != end; ++it) {
    out.insert((*it)[1]);
  }
  return out;
}

// ETCD_FOO_BAR="value" -> {"foo-bar", "value"}, as etcd itself maps them.
std::map<std::string, std::string> parse_environment(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  const std::regex var(R"re(^ETCD_([A-Z0-9_]+)="([^"]*)"$)re");
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::smatch m;
    EXPECT_TRUE(std::regex_match(line, m, var)) << "not an ETCD_ assignment: " << line;
    std::string key = m[1];
    for (char& c : key) c = c == '_' ? '-' : static_cast<char>(std::tolower(c));
    EXPECT_TRUE(out.emplace(key, m[2]).second) << "set twice: " << key;
  }
  return out;
}

class RenderEtcd : public ::testing::Test {
 protected:
  lab::Plan plan = default_plan();
  Settings settings = default_settings(plan);
  TemplateSet templates = TemplateSet::builtin();
  RenderContext ctx{plan, settings, templates};
  EtcdClusterSpec spec = bootstrap_spec(plan);
};

TEST_F(RenderEtcd, EveryEnvironmentVariableIsAnEtcd34Flag) {
  const std::set<std::string> known = flags_in_help("etcd-3.4.23-help.txt");
  ASSERT_GT(known.size(), 50u);
  const auto env = parse_environment(render_etcd_environment(ctx, plan.hosts[1], spec).content);
  ASSERT_GT(env.size(), 20u);
  for (const auto& [flag, value] : env) EXPECT_TRUE(known.contains(flag)) << "--" << flag;
}

TEST_F(RenderEtcd, EnvironmentCarriesTlsTheClusterAndTheTunables) {
  const auto env = parse_environment(render_etcd_environment(ctx, plan.hosts[2], spec).content);
  EXPECT_EQ(env.at("name"), "kube-master2");
  EXPECT_EQ(env.at("initial-cluster"),
            "kube-master1=https://192.168.49.151:2380,kube-master2=https://192.168.49.152:2380,"
            "kube-master3=https://192.168.49.153:2380");
  EXPECT_EQ(env.at("initial-cluster-state"), "new");
  EXPECT_EQ(env.at("initial-cluster-token"), "klab-ha-golden");
  EXPECT_EQ(env.at("listen-client-urls"), "https://192.168.49.152:2379,https://127.0.0.1:2379");
  EXPECT_EQ(env.at("client-cert-auth"), "true");
  EXPECT_EQ(env.at("peer-client-cert-auth"), "true");
  EXPECT_EQ(env.at("trusted-ca-file"), "/etc/kubernetes/pki/etcd/ca.crt");
  EXPECT_EQ(env.at("heartbeat-interval"), "500");
  EXPECT_EQ(env.at("election-timeout"), "5000");
  EXPECT_EQ(env.at("pre-vote"), "true") << "etcd 3.4 defaults to false: a rejoining member deposes the leader";
  EXPECT_EQ(env.at("data-dir"), "/var/lib/etcd/klab");

  spec.state = InitialClusterState::existing;
  const auto joined = parse_environment(render_etcd_environment(ctx, plan.hosts[2], spec).content);
  EXPECT_EQ(joined.at("initial-cluster-state"), "existing");
}

TEST_F(RenderEtcd, StaticPodManifestParsesBackWithTheSameFlagsAsTheSystemdMode) {
  const RenderedFile manifest = render_etcd_static_pod(ctx, plan.hosts[3], spec);
  const YAML::Node pod = YAML::Load(manifest.content);
  EXPECT_EQ(pod["kind"].as<std::string>(), "Pod");
  EXPECT_EQ(pod["metadata"]["namespace"].as<std::string>(), "kube-system");
  EXPECT_TRUE(pod["spec"]["hostNetwork"].as<bool>());
  const YAML::Node container = pod["spec"]["containers"][0];
  EXPECT_EQ(container["image"].as<std::string>(), settings.etcd.static_pod_image);
  const YAML::Node command = container["command"];
  ASSERT_EQ(command[0].as<std::string>(), "etcd");
  std::map<std::string, std::string> flags;
  const std::set<std::string> known = flags_in_help("etcd-3.4.23-help.txt");
  for (std::size_t i = 1; i < command.size(); ++i) {
    std::smatch m;
    const std::string arg = command[i].as<std::string>();
    ASSERT_TRUE(std::regex_match(arg, m, std::regex("--([a-z0-9-]+)=(.*)"))) << arg;
    EXPECT_TRUE(known.contains(m[1])) << arg;
    flags.emplace(m[1], m[2]);
  }
  EXPECT_EQ(flags, parse_environment(render_etcd_environment(ctx, plan.hosts[3], spec).content));
  // Data and certificates come from the host.
  std::set<std::string> host_paths;
  for (const YAML::Node& v : pod["spec"]["volumes"])
    host_paths.insert(v["hostPath"]["path"].as<std::string>());
  EXPECT_EQ(host_paths, (std::set<std::string>{"/var/lib/etcd/klab", "/etc/kubernetes/pki/etcd"}));
  EXPECT_EQ(container["livenessProbe"]["httpGet"]["port"].as<int>(), 2381);
}

TEST_F(RenderEtcd, RefusesAHostOutsideTheInitialClusterOrNotAMaster) {
  EXPECT_THROW(render_etcd_environment(ctx, plan.hosts[0], spec), Error);  // the LB
  spec.initial_cluster.pop_back();
  EXPECT_THROW(render_etcd_environment(ctx, plan.hosts[3], spec), Error);
  spec = bootstrap_spec(plan);
  spec.token.clear();
  EXPECT_THROW(render_etcd_static_pod(ctx, plan.hosts[1], spec), Error);
}

TEST_F(RenderEtcd, ServiceOverrideRaisesTheStartTimeout) {
  const RenderedFile f = render_etcd_service_override(ctx);
  EXPECT_EQ(f.path, "/etc/systemd/system/etcd.service.d/klab.conf");
  EXPECT_NE(f.content.find("[Service]\nTimeoutStartSec=300\n"), std::string::npos);
}

TEST_F(RenderEtcd, GrpcProxyUsesRealFlagsAndTheLbAddressNotTheVip) {
  const std::set<std::string> known = flags_in_help("etcd-3.4.23-grpc-proxy-help.txt");
  ASSERT_GT(known.size(), 20u);
  const std::string unit = render_etcd_grpc_proxy_unit(ctx, plan.hosts[0]).content;
  const std::regex flag(R"(--([a-z0-9-]+)=(\S+))");
  std::map<std::string, std::string> flags;
  for (std::sregex_iterator it(unit.begin(), unit.end(), flag), end; it != end; ++it) {
    EXPECT_TRUE(known.contains((*it)[1])) << (*it)[0];
    flags.emplace((*it)[1], (*it)[2]);
  }
  EXPECT_EQ(flags.at("listen-addr"), "192.168.49.150:2379");
  EXPECT_EQ(flags.at("endpoints"),
            "https://192.168.49.151:2379,https://192.168.49.152:2379,https://192.168.49.153:2379");
  EXPECT_TRUE(flags.contains("trusted-ca-file")) << "the listener must demand client certs";
  EXPECT_EQ(unit.find("192.168.49.160"), std::string::npos) << "the VIP's 2379 is haproxy's";
  EXPECT_THROW(render_etcd_grpc_proxy_unit(ctx, plan.hosts[1]), Error);
}

TEST(RenderEtcdToken, TokenCarriesLabAndNonce) {
  EXPECT_EQ(make_cluster_token("ha", "20240101T000000Z"), "klab-ha-20240101T000000Z");
}

}  // namespace
}  // namespace klab::provisioner

namespace klab::provisioner {
namespace {

using namespace testing;

// systemd-analyze verify, with /usr/bin/etcd (absent on the build host) swapped for
// /bin/true: syntax, unknown keys, bad values and the unit's drop-ins are checked for real.
CommandOutput verify_unit(const std::filesystem::path& unit) {
  std::string text = read_text(unit);
  for (std::size_t at; (at = text.find("/usr/bin/etcd")) != std::string::npos;) {
    text.replace(at, 13, "/bin/true");
  }
  write_text(unit, text);
  return run("timeout 60 " + find_tool("systemd-analyze") + " verify --man=no " + unit.string());
}

class RenderEtcdUnits : public ::testing::Test {
 protected:
  void SetUp() override {
    if (find_tool("systemd-analyze").empty()) GTEST_SKIP() << "systemd-analyze not installed";
  }
  lab::Plan plan = default_plan();
  Settings settings = default_settings(plan);
  TemplateSet templates = TemplateSet::builtin();
  RenderContext ctx{plan, settings, templates};
  TempDir dir;
};

TEST_F(RenderEtcdUnits, GrpcProxyUnitPassesSystemdAnalyzeVerify) {
  const std::filesystem::path unit = dir.path() / kGrpcProxyUnit;
  write_text(unit, render_etcd_grpc_proxy_unit(ctx, plan.hosts[0]).content);
  const CommandOutput out = verify_unit(unit);
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(out.output, "");
}

TEST_F(RenderEtcdUnits, ServiceDropInPassesSystemdAnalyzeVerifyWithDebiansUnit) {
  const std::filesystem::path unit = dir.path() / "etcd.service";
  write_text(unit, read_text(fixtures() / "debian-etcd.service"));
  write_text(dir.path() / "etcd.service.d/klab.conf", render_etcd_service_override(ctx).content);
  const CommandOutput out = verify_unit(unit);
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(out.output, "");
}

TEST_F(RenderEtcdUnits, TheVerifierRejectsAnUnknownKey) {
  const std::filesystem::path unit = dir.path() / "etcd.service";
  write_text(unit, read_text(fixtures() / "debian-etcd.service"));
  write_text(dir.path() / "etcd.service.d/klab.conf", "[Service]\nTimeoutStartSecs=300\n");
  EXPECT_NE(verify_unit(unit).output.find("Unknown key"), std::string::npos);
}

}  // namespace
}  // namespace klab::provisioner
