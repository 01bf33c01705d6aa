// Deploy settings: the defaults are valid for the default lab, the lab-derived values are
// deterministic, and validate() reports every inconsistent value at once.
#include <gtest/gtest.h>

#include "fixtures/render/default_lab.hpp"
#include "base/error.hpp"

namespace klab::provisioner {
namespace {

using namespace testing;

std::string validation_message(const Settings& s, const lab::Plan& plan) {
  try {
    validate(s, plan);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    return e.what();
  }
  return {};
}

TEST(RenderSettings, DefaultsAreValidForTheDefaultLab) {
  const lab::Plan plan = default_plan();
  EXPECT_NO_THROW(validate(default_settings(plan), plan));
}

TEST(RenderSettings, DefaultsHoldUnderTcg) {
  const Settings s;
  EXPECT_GE(s.etcd.heartbeat_interval_ms, 250);
  EXPECT_GE(s.etcd.election_timeout_ms, 10 * s.etcd.heartbeat_interval_ms);
  EXPECT_EQ(s.kubernetes.service_cidr.str(), "10.96.0.0/12");
  EXPECT_EQ(s.etcd.mode, EtcdMode::systemd);
}

TEST(RenderSettings, TheVrrpRouterIdIsDerivedDeterministicallyFromTheLabName) {
  for (const std::string lab : {"ha", "single", "x", "a-much-longer-lab-name"}) {
    const int id = derive_vrrp_router_id(lab);
    EXPECT_GE(id, 1);
    EXPECT_LE(id, 255);
  }
  const Settings s = default_settings(default_plan());
  EXPECT_EQ(s.keepalived.auth_pass, "") << "the secret is the lab's, read by deploy_settings";
  EXPECT_EQ(s.keepalived.virtual_router_id, derive_vrrp_router_id("ha"));
}

TEST(RenderSettings, ValidateReportsEveryProblemAtOnce) {
  const lab::Plan plan = default_plan();
  Settings s = default_settings(plan);
  s.etcd.election_timeout_ms = 1000;         // < 5 x 250
  s.keepalived.auth_pass = "much-too-long";  // > 8
  s.keepalived.master_priority_step = 0;     // three masters at 120
  s.kubernetes.pod_cidr = lab::Cidr{lab::Ipv4{(192u << 24) | (168u << 16)}, 16};  // holds the lab
  s.etcd.data_dir = "/var/lib/etcd/default";
  const std::string msg = validation_message(s, plan);
  for (const std::string expected :
       {"etcd.election_timeout_ms", "keepalived.auth_pass", "is not distinct",
        "network.subnet: 192.168.49.0/24 overlaps kubernetes.pod_cidr (pod addresses) 192.168.0.0/16",
        "etcd.data_dir"}) {
    EXPECT_NE(msg.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << msg;
  }
}

// The Kubernetes ranges are settings, the subnet is topology: the conflict is reported at
// network.subnet in the topology file, once per range it overlaps.
TEST(RenderSettings, ALabSubnetInsideAKubernetesRangeIsReportedAtItsPosition) {
  lab::Plan plan = default_plan();
  plan.network.subnet = lab::Cidr{lab::Ipv4{10u << 24}, 8};  // holds both default ranges
  plan.network.subnet_pos = lab::SourcePos{"lab.yaml", 4, 11};
  const std::vector<lab::Diagnostic> conflicts = lab_subnet_conflicts(Settings{}.kubernetes, plan);
  ASSERT_EQ(conflicts.size(), 2u);
  EXPECT_EQ(conflicts[0].str().rfind(
                "lab.yaml:4:11: network.subnet: 10.0.0.0/8 overlaps kubernetes.service_cidr", 0),
            0u)
      << conflicts[0].str();
  EXPECT_NE(conflicts[1].message.find("kubernetes.pod_cidr (pod addresses) 10.244.0.0/16"),
            std::string::npos);
  try {
    validate(default_settings(plan), plan);
    ADD_FAILURE() << "validate accepted a lab subnet holding the Kubernetes ranges";
  } catch (const lab::ConfigError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_EQ(e.diagnostics().size(), 2u);
  }
}

TEST(RenderSettings, AMasterAboveTheLbIsRejected) {
  const lab::Plan plan = default_plan();
  Settings s = default_settings(plan);
  s.keepalived.master_priority_max = 200;
  EXPECT_NE(validation_message(s, plan).find("must be below keepalived.lb_priority"),
            std::string::npos);
}

TEST(RenderSettings, OverlappingServiceAndPodCidrsAreRejected) {
  const lab::Plan plan = default_plan();
  Settings s = default_settings(plan);
  s.kubernetes.pod_cidr = lab::Cidr{lab::Ipv4{(10u << 24) | (100u << 16)}, 16};  // inside 10.96/12
  EXPECT_NE(validation_message(s, plan).find("overlaps kubernetes.pod_cidr"), std::string::npos);
}

}  // namespace
}  // namespace klab::provisioner
