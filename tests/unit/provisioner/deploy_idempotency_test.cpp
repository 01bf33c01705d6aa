// A re-run of `klab deploy` on a converged lab changes nothing: no upload, no restart,
// one probe round trip per host and phase (prep: plus its clock sample).
#include <gtest/gtest.h>

#include "fakes/fake_deploy.hpp"

namespace klab::provisioner {
namespace {

using fakes::FakeDeploy;

TEST(DeployIdempotency, FirstRunConvergesAndVerifies) {
  FakeDeploy d;
  const DeployReport r = d.run();
  ASSERT_FALSE(r.failure) << r.failure->what() << "\n" << r.failure->detail();
  EXPECT_TRUE(d.etcd.errors().empty()) << d.etcd.errors().front();
  EXPECT_TRUE(r.changed());
  ASSERT_TRUE(r.verify);
  EXPECT_TRUE(r.verify->ok()) << to_text(r);
  EXPECT_EQ(r.verify->vip_holders, std::vector<std::string>{"kube-master"});
  ASSERT_TRUE(r.verify->member_list);
  EXPECT_EQ(r.verify->member_list->cluster_id_hex(), d.etcd.cluster_id_hex());
  for (const char* m : {"kube-master1", "kube-master2", "kube-master3"}) EXPECT_EQ(d.etcd.starts(m), 1) << m;
}

TEST(DeployIdempotency, SecondRunUploadsNothingAndRestartsNothing) {
  FakeDeploy d;
  ASSERT_FALSE(d.run().failure);
  d.forget_history();
  const DeployReport again = d.run();
  ASSERT_FALSE(again.failure) << again.failure->what() << "\n" << again.failure->detail();
  EXPECT_FALSE(again.changed()) << to_text(again);
  for (const lab::HostPlan& h : d.plan.hosts) {
    const fakes::FakeHost& f = d.lab.host(h.name);
    EXPECT_TRUE(f.uploads.empty()) << h.name;
    EXPECT_TRUE(f.all_steps().empty()) << h.name << " ran " << f.all_steps().front();
  }
  for (const PhaseResult& p : again.phases) {
    if (p.name == "pki") continue;
    for (const auto& [host, stats] : p.transport) {
      EXPECT_EQ(stats.uploads, 0u) << p.name << " " << host;
      EXPECT_EQ(stats.round_trips, p.name == "prep" ? 2u : 1u) << p.name << " " << host;
    }
  }
  for (const char* m : {"kube-master1", "kube-master2", "kube-master3"}) EXPECT_EQ(d.etcd.starts(m), 1) << m;
  EXPECT_NE(to_text(again).find("nothing changed"), std::string::npos) << to_text(again);
}

TEST(DeployIdempotency, AChangedTemplateReloadsOnlyWhatUsesIt) {
  FakeDeploy d;
  ASSERT_FALSE(d.run().failure);
  d.forget_history();
  // Somebody edited haproxy.cfg on one master by hand: the next deploy puts it back and
  // reloads haproxy there, and nowhere else.
  d.lab.host("kube-master2").files["/etc/haproxy/haproxy.cfg"].content += "# local edit\n";
  const DeployReport r = d.run();
  ASSERT_FALSE(r.failure) << r.failure->what();
  const fakes::FakeHost& m2 = d.lab.host("kube-master2");
  ASSERT_EQ(m2.uploads.size(), 1u);
  ASSERT_EQ(m2.uploads[0].size(), 1u);
  EXPECT_EQ(m2.uploads[0][0].path, "/etc/haproxy/haproxy.cfg");
  EXPECT_TRUE(m2.ran_step_containing("haproxy -c -q -f"));
  EXPECT_TRUE(m2.ran_step_containing("systemctl reload-or-restart haproxy"));
  EXPECT_FALSE(m2.ran_step_containing("keepalived"));
  for (const char* other : {"kube-master", "kube-master1", "kube-master3"})
    EXPECT_TRUE(d.lab.host(other).all_steps().empty()) << other;
}

TEST(DeployIdempotency, AWrongModeOrOwnerIsRepaired) {
  FakeDeploy d;
  ASSERT_FALSE(d.run().failure);
  d.forget_history();
  d.lab.host("kube-master1").files["/etc/kubernetes/pki/etcd/server.key"].owner = "root";
  ASSERT_FALSE(d.run().failure);
  const fakes::FakeHost& m1 = d.lab.host("kube-master1");
  ASSERT_EQ(m1.uploads.size(), 1u);
  EXPECT_EQ(m1.uploads[0][0].path, "/etc/kubernetes/pki/etcd/server.key");
  EXPECT_EQ(m1.files.at("/etc/kubernetes/pki/etcd/server.key").owner, "etcd");
  EXPECT_EQ(m1.files.at("/etc/kubernetes/pki/etcd/server.key").mode, 0600u);
  EXPECT_TRUE(m1.ran_step_containing("systemctl restart etcd")) << "a changed key needs a restart to take effect";
}

}  // namespace
}  // namespace klab::provisioner
