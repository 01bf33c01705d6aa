// The prep phase: what it does on a fresh VM, the clock-skew check, /etc/hosts.
#include <gtest/gtest.h>

#include "fakes/fake_deploy.hpp"
#include "provisioner/deploy/clock_skew.hpp"

namespace klab::provisioner {
namespace {

using fakes::FakeDeploy;

TEST(PhasePrep, PreparesAFreshHostInOneUploadAndOneScript) {
  FakeDeploy d;
  d.lab.host("kube-master1").facts["swap_active"] = "1";
  d.lab.host("kube-master1").facts["fstab_swap"] = "1";
  const DeployReport r = d.run({"prep"});
  ASSERT_FALSE(r.failure) << r.failure->what() << "\n" << r.failure->detail();
  const fakes::FakeHost& m1 = d.lab.host("kube-master1");
  ASSERT_EQ(m1.uploads.size(), 1u);
  std::set<std::string> paths;
  for (const FileUpload& f : m1.uploads[0]) paths.insert(f.path);
  EXPECT_EQ(paths, (std::set<std::string>{"/etc/sysctl.d/90-klab.conf", "/etc/modules-load.d/klab.conf",
                                          "/etc/chrony/chrony.conf", "/etc/systemd/journald.conf.d/90-klab.conf"}));
  const auto steps = m1.all_steps();
  ASSERT_GE(steps.size(), 4u);
  // Modules before sysctl: bridge-nf-call-iptables exists only once br_netfilter is loaded.
  EXPECT_EQ(steps[0].rfind("modprobe -a br_netfilter overlay", 0), 0u) << steps[0];
  EXPECT_EQ(steps[1].rfind("sysctl -q -p", 0), 0u) << steps[1];
  EXPECT_TRUE(m1.ran_step_containing("swapoff -a"));
  EXPECT_TRUE(m1.ran_step_containing("/etc/fstab"));
  EXPECT_TRUE(m1.ran_step_containing("systemctl restart chrony"));
  EXPECT_TRUE(m1.ran_step_containing("systemctl restart systemd-journald"));
  EXPECT_FALSE(d.lab.host("kube-master2").ran_step_containing("swapoff")) << "no swap there";
  // clock sample + probe + upload + apply
  EXPECT_EQ(r.phases[0].transport.at("kube-master1").round_trips, 4u);
}

TEST(PhasePrep, FailsWithTheOffsetsWhenClocksDisagree) {
  FakeDeploy d;
  d.lab.host("kube-master2").clock_offset_s = 3.0;
  const DeployReport r = d.run({"prep"});
  ASSERT_TRUE(r.failure);
  const std::string message = r.failure->what();
  EXPECT_NE(message.find("clock skew"), std::string::npos) << message;
  EXPECT_NE(message.find("kube-master2 is ahead"), std::string::npos) << message;
  EXPECT_NE(message.find("kube-master2 +3.0"), std::string::npos) << message;
  EXPECT_NE(message.find("0.500s bound"), std::string::npos) << message;
}

TEST(PhasePrep, ToleratesSkewWithinTheBound) {
  FakeDeploy d;
  d.lab.host("kube-master2").clock_offset_s = 0.1;
  EXPECT_FALSE(d.run({"prep"}).failure);
}

TEST(PhasePrep, AnIncompleteEtcHostsIsAnErrorNamingTheMissingEntries) {
  FakeDeploy d;
  d.lab.host("kube-master3").facts["hosts_missing"] = "192.168.49.151=kube-master1";
  const DeployReport r = d.run({"prep"});
  ASSERT_TRUE(r.failure);
  const std::string message = r.failure->what();
  EXPECT_NE(message.find("/etc/hosts"), std::string::npos) << message;
  EXPECT_NE(message.find("kube-master3 lacks 192.168.49.151=kube-master1"), std::string::npos) << message;
}

TEST(ClockSkew, OffsetIsTheMidpointAndUncertaintyHalfTheRoundTrip) {
  const ClockSample s{"h", 100.0, 100.7, 101.0};
  EXPECT_NEAR(s.offset(), 0.2, 1e-9);
  EXPECT_NEAR(s.uncertainty(), 0.5, 1e-9);
}

TEST(ClockSkew, ASlowMeasurementCannotFailTheCheckButAClearSkewDoes) {
  // 0.8 s apart, but each measured with ±0.5 s: not certainly beyond 0.5 s.
  const SkewReport blurry = assess_skew({{"a", 0, 0.5, 1.0}, {"b", 0, 1.3, 1.0}});
  EXPECT_NEAR(blurry.spread_s, 0.8, 1e-9);
  EXPECT_TRUE(blurry.within(0.5));
  const SkewReport sharp = assess_skew({{"a", 10, 10.05, 10.1}, {"b", 10, 10.85, 10.1}});
  EXPECT_FALSE(sharp.within(0.5));
  EXPECT_EQ(sharp.fastest, "b");
  EXPECT_EQ(sharp.slowest, "a");
}

TEST(ClockSkew, ParsesDateOutputOnly) {
  EXPECT_NEAR(*parse_unix_time("1716552000.123456789\n"), 1716552000.123456789, 1e-6);
  EXPECT_FALSE(parse_unix_time(""));
  EXPECT_FALSE(parse_unix_time("date: invalid option"));
}

}  // namespace
}  // namespace klab::provisioner
