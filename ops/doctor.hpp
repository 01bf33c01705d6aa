#pragma once
// `klab doctor`: a list of small host checks, each saying what it found and, when
// something is wrong, exactly what to do. A lab can be created when no check fails.
#include <functional>
#include <string>
#include <vector>

namespace klab::ops {

enum class CheckStatus { ok, warn, fail };

struct CheckResult {
  std::string name;    // "libvirt", "kvm", ...
  CheckStatus status = CheckStatus::ok;
  std::string found;   // what was observed
  std::string fix;     // what to do (empty when ok)
};

struct DoctorOptions {
  std::string uri = "qemu:///system";
  std::string image = "debian-12";
  std::uint64_t min_free_bytes = 10ull << 30;  // a 4-host lab with its base image
};

std::vector<CheckResult> run_doctor(const DoctorOptions& options);
std::string to_string(CheckStatus status);

}  // namespace klab::ops
