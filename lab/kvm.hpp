#pragma once
// KVM detection. /dev/kvm can exist while KVM is useless: on this kind of machine the
// CPU exposes no vmx/svm flags and guests started with KVM hang (nested KVM). KVM counts
// as usable only when /dev/kvm exists, the CPU shows vmx or svm, and /dev/kvm opens.
#include <string>
#include <string_view>

#include "lab/topology.hpp"

namespace klab::lab {

struct KvmStatus {
  bool usable = false;
  std::string reason;  // why not, e.g. "no vmx/svm CPU flags: nested KVM would hang guests"
};

/// The probe results, kept separate so the decision is testable.
struct KvmProbe {
  bool device_exists = false;
  std::string cpuinfo;  // contents of /proc/cpuinfo
  bool device_opens = false;
  std::string open_error;  // errno text when the open failed
};

KvmStatus evaluate_kvm(const KvmProbe& probe);
/// Probes this host (/dev/kvm, /proc/cpuinfo).
KvmProbe probe_kvm();
inline KvmStatus detect_kvm() { return evaluate_kvm(probe_kvm()); }

struct AccelChoice {
  bool kvm = false;
  std::string note;  // one line for the user: "KVM unusable (...), using TCG"
};

/// accel auto: KVM if usable, else TCG with a note. tcg: TCG. kvm: KVM, or a usage
/// Error naming why KVM is unusable.
AccelChoice choose_accel(Accel requested, const KvmStatus& status);

}  // namespace klab::lab
