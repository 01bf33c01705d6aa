// The lb phase: which host gets what, config checks before reloads, the LB's etcd unit.
#include <gtest/gtest.h>

#include "fakes/fake_deploy.hpp"

namespace klab::provisioner {
namespace {

using fakes::FakeDeploy;

std::set<std::string> uploaded(const fakes::FakeHost& h) {
  std::set<std::string> out;
  for (const auto& batch : h.uploads)
    for (const FileUpload& f : batch) out.insert(f.path);
  return out;
}

TEST(PhaseLb, HaproxyAndKeepalivedEverywhereTheProxyOnlyOnTheLb) {
  FakeDeploy d;
  ASSERT_FALSE(d.run({"pki"}).failure);
  const DeployReport r = d.run({"lb"});
  ASSERT_FALSE(r.failure) << r.failure->what() << "\n" << r.failure->detail();
  const auto lb = uploaded(d.lab.host("kube-master"));
  EXPECT_TRUE(lb.contains("/etc/haproxy/haproxy.cfg"));
  EXPECT_TRUE(lb.contains("/etc/keepalived/keepalived.conf"));
  EXPECT_TRUE(lb.contains("/usr/local/lib/klab/keepalived-notify.sh"));
  EXPECT_TRUE(lb.contains("/etc/systemd/system/klab-etcd-grpc-proxy.service"));
  EXPECT_TRUE(lb.contains("/etc/kubernetes/pki/etcd/grpc-proxy-server.key"));
  EXPECT_TRUE(lb.contains("/etc/kubernetes/pki/etcd/grpc-proxy-client.key"));
  const auto m1 = uploaded(d.lab.host("kube-master1"));
  EXPECT_TRUE(m1.contains("/etc/haproxy/haproxy.cfg"));
  EXPECT_FALSE(m1.contains("/etc/systemd/system/klab-etcd-grpc-proxy.service"));
}

TEST(PhaseLb, ChecksEachConfigWithTheRealToolBeforeStartingIt) {
  FakeDeploy d;
  ASSERT_FALSE(d.run({"pki", "lb"}).failure);
  const auto steps = d.lab.host("kube-master2").all_steps();
  auto index_of = [&](const std::string& text) {
    for (std::size_t i = 0; i < steps.size(); ++i)
      if (steps[i].find(text) != std::string::npos) return static_cast<int>(i);
    return -1;
  };
  ASSERT_GE(index_of("haproxy -c -q -f"), 0);
  EXPECT_LT(index_of("haproxy -c -q -f"), index_of("systemctl restart haproxy"));
  EXPECT_LT(index_of("systemctl restart haproxy"), index_of("keepalived -t -f")) << "haproxy first: keepalived tracks it";
  EXPECT_LT(index_of("keepalived -t -f"), index_of("systemctl restart keepalived"));
}

TEST(PhaseLb, ABrokenConfigStopsThePhaseWithTheToolsOutput) {
  FakeDeploy d;
  d.lab.host("kube-master").failures.push_back({"haproxy -c", 1});
  const DeployReport r = d.run({"pki", "lb"});
  ASSERT_TRUE(r.failure);
  const std::string message = r.failure->what();
  EXPECT_NE(message.find("kube-master: phase lb: step \"check haproxy.cfg\""), std::string::npos) << message;
  EXPECT_FALSE(d.lab.host("kube-master").ran_step_containing("systemctl restart haproxy"));
}

TEST(PhaseLb, DisablesDebiansEtcdUnitOnTheLb) {
  FakeDeploy d;
  d.lab.host("kube-master").facts["etcd_enabled"] = "enabled";
  ASSERT_FALSE(d.run({"pki", "lb"}).failure);
  EXPECT_TRUE(d.lab.host("kube-master").ran_step_containing("systemctl disable -q --now etcd"));
}

}  // namespace
}  // namespace klab::provisioner
