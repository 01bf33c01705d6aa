#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "lab/kvm.hpp"

namespace klab::lab {
namespace {

const char* cpu_vmx = "processor\t: 0\nflags\t\t: fpu vme de pse vmx sse2\n";
const char* cpu_plain = "processor\t: 0\nflags\t\t: fpu vme de pse sse2 vmxnotreally\n";

TEST(Kvm, UsableNeedsDeviceFlagsAndOpen) {
  EXPECT_TRUE(evaluate_kvm({true, cpu_vmx, true, ""}).usable);
  EXPECT_TRUE(evaluate_kvm({true, "flags : svm\n", true, ""}).usable);
}

TEST(Kvm, NoDevice) {
  KvmStatus s = evaluate_kvm({false, cpu_vmx, false, ""});
  EXPECT_FALSE(s.usable);
  EXPECT_EQ(s.reason, "/dev/kvm does not exist");
}

TEST(Kvm, DeviceWithoutCpuFlagsIsNestedAndUnusable) {
  KvmStatus s = evaluate_kvm({true, cpu_plain, true, ""});
  EXPECT_FALSE(s.usable);
  EXPECT_EQ(s.reason, "no vmx/svm CPU flags: nested KVM would hang guests");
}

TEST(Kvm, DeviceThatDoesNotOpen) {
  KvmStatus s = evaluate_kvm({true, cpu_vmx, false, "Permission denied"});
  EXPECT_FALSE(s.usable);
  EXPECT_EQ(s.reason, "cannot open /dev/kvm: Permission denied");
}

TEST(Accel, AutoFallsBackToTcgWithTheReason) {
  AccelChoice c =
      choose_accel(Accel::auto_, {false, "no vmx/svm CPU flags: nested KVM would hang guests"});
  EXPECT_FALSE(c.kvm);
  EXPECT_EQ(c.note, "KVM unusable (no vmx/svm CPU flags: nested KVM would hang guests), using TCG");
  EXPECT_TRUE(choose_accel(Accel::auto_, {true, ""}).kvm);
}

TEST(Accel, ExplicitKvmWhenUnusableIsAUsageError) {
  try {
    choose_accel(Accel::kvm, {false, "/dev/kvm does not exist"});
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("/dev/kvm does not exist"), std::string::npos);
  }
  EXPECT_TRUE(choose_accel(Accel::kvm, {true, ""}).kvm);
  EXPECT_FALSE(choose_accel(Accel::tcg, {true, ""}).kvm);
}

TEST(Kvm, ThisHostIsJudgedByItsCpuFlags) {
  std::ifstream in("/proc/cpuinfo");
  std::stringstream text;
  text << in.rdbuf();
  bool flags =
      text.str().find(" vmx") != std::string::npos || text.str().find(" svm") != std::string::npos;
  KvmStatus s = detect_kvm();
  if (!flags) {
    EXPECT_FALSE(s.usable);
    if (probe_kvm().device_exists) {
      EXPECT_EQ(s.reason, "no vmx/svm CPU flags: nested KVM would hang guests");
    }
  } else if (s.usable) {
    EXPECT_TRUE(s.reason.empty());
  }
}

}  // namespace
}  // namespace klab::lab
