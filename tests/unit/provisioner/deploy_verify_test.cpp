// The end-of-deploy checks: what counts as a problem.
#include <gtest/gtest.h>

#include "fakes/fake_deploy.hpp"
#include "provisioner/verify/verify.hpp"

namespace klab::provisioner {
namespace {

using fakes::FakeDeploy;

VerifyReport healthy_report() {
  VerifyReport r;
  for (const char* h : {"kube-master1", "kube-master2", "kube-master3"}) {
    MemberHealth m;
    m.host = h;
    m.healthy = true;
    m.cluster_id = "48276a8f75b6a87";
    r.members.push_back(m);
  }
  etcd::MemberList list;
  list.cluster_id = 0x48276a8f75b6a87;
  for (const char* h : {"kube-master1", "kube-master2", "kube-master3"}) list.members.push_back({1, h, {}, {}});
  r.member_list = list;
  r.vip = "192.168.49.160";
  r.vip_holders = {"kube-master"};
  r.vip_etcd_ok = true;
  r.proxy_etcd_ok = true;
  r.checked_from = "kube-master";
  return r;
}

TEST(DeployVerify, AHealthyLabHasNoProblems) { EXPECT_TRUE(assess(healthy_report(), 3).empty()); }

TEST(DeployVerify, TwoVipHoldersIsAProblem) {
  VerifyReport r = healthy_report();
  r.vip_holders = {"kube-master", "kube-master1"};
  const auto problems = assess(r, 3);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("exactly one keepalived MASTER"), std::string::npos) << problems[0];
  EXPECT_NE(problems[0].find("kube-master, kube-master1"), std::string::npos) << problems[0];
}

TEST(DeployVerify, ASplitClusterIsAProblem) {
  VerifyReport r = healthy_report();
  r.members[2].cluster_id = "deadbeef";
  const auto problems = assess(r, 3);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("different cluster IDs"), std::string::npos) << problems[0];
}

TEST(DeployVerify, AnUnstartedMemberAndAnUnhealthyOneAreProblems) {
  VerifyReport r = healthy_report();
  r.member_list->members[1].name.clear();
  r.members[0].healthy = false;
  const auto problems = assess(r, 3);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("kube-master1: etcd is not healthy"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("2 started"), std::string::npos) << problems[1];
}

TEST(DeployVerify, EtcdUnreachableThroughTheVipIsAProblem) {
  VerifyReport r = healthy_report();
  r.vip_etcd_ok = false;
  r.vip_etcd_url = "https://192.168.49.160:2379";
  const auto problems = assess(r, 3);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("through haproxy on https://192.168.49.160:2379"), std::string::npos) << problems[0];
}

TEST(DeployVerify, WaitsForTheVipThenReportsFailureAfterTheDeadline) {
  FakeDeploy d;
  ASSERT_FALSE(d.run().failure);
  // keepalived died on the LB and nobody took over: no VIP holder.
  d.services->active.erase("kube-master/keepalived");
  DeployOptions o = d.options({"lb"});
  o.verify_timeout = std::chrono::milliseconds(2500);
  d.lab.host("kube-master").hooks.clear();  // it will not come back
  d.lab.host("kube-master").facts["keepalived_active"] = "active";
  d.lab.host("kube-master").fact_fns.erase("keepalived_active");
  const DeployReport r = d.run(o);
  ASSERT_FALSE(r.failure);
  ASSERT_TRUE(r.verify);
  EXPECT_FALSE(r.verify->ok());
  EXPECT_GE(r.verify->attempts, 2) << "it retried before giving up";
  EXPECT_NE(to_text(r).find("held by nobody"), std::string::npos) << to_text(r);
}

}  // namespace
}  // namespace klab::provisioner
