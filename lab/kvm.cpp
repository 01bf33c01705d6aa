#include "lab/kvm.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace klab::lab {

namespace {

// True when some "flags" line of cpuinfo lists `flag` as a whole word.
bool cpu_has_flag(std::string_view cpuinfo, std::string_view flag) {
  std::istringstream lines{std::string(cpuinfo)};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::istringstream words(line.substr(colon + 1));
    std::string word;
    while (words >> word) {
      if (word == flag) return true;
    }
  }
  return false;
}

}  // namespace

KvmStatus evaluate_kvm(const KvmProbe& probe) {
  if (!probe.device_exists) return {false, "/dev/kvm does not exist"};
  if (!cpu_has_flag(probe.cpuinfo, "vmx") && !cpu_has_flag(probe.cpuinfo, "svm")) {
    return {false, "no vmx/svm CPU flags: nested KVM would hang guests"};
  }
  if (!probe.device_opens) return {false, "cannot open /dev/kvm: " + probe.open_error};
  return {true, ""};
}

KvmProbe probe_kvm() {
  KvmProbe probe;
  std::error_code ec;
  probe.device_exists = std::filesystem::exists("/dev/kvm", ec);
  std::ifstream in("/proc/cpuinfo");
  std::ostringstream text;
  text << in.rdbuf();
  probe.cpuinfo = text.str();
  if (probe.device_exists) {
    if (base::UniqueFd fd(::open("/dev/kvm", O_RDWR | O_CLOEXEC)); fd) {
      probe.device_opens = true;
    } else {
      probe.open_error = errno_string(errno);
    }
  }
  return probe;
}

AccelChoice choose_accel(Accel requested, const KvmStatus& status) {
  switch (requested) {
    case Accel::tcg:
      return {false, "using TCG (accel: tcg)"};
    case Accel::kvm:
      if (!status.usable) {
        throw usage_error("accel: kvm was requested but KVM is unusable (" + status.reason +
                          "): set accel: auto or accel: tcg");
      }
      return {true, "using KVM"};
    case Accel::auto_:
      if (status.usable) return {true, "using KVM"};
      return {false, "KVM unusable (" + status.reason + "), using TCG"};
  }
  return {false, "using TCG"};
}

}  // namespace klab::lab
