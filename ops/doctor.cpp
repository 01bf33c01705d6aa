#include "ops/doctor.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <filesystem>

#include "images/image_cache.hpp"
#include "base/error.hpp"
#include "lab/kvm.hpp"
#include "lab/libvirt/connection.hpp"
#include "lab/paths.hpp"
#include "base/process.hpp"
#include "base/strings.hpp"

namespace fs = std::filesystem;

namespace klab::ops {

namespace {

CheckResult ok(std::string name, std::string found) {
  return {std::move(name), CheckStatus::ok, std::move(found), {}};
}
CheckResult bad(CheckStatus s, std::string name, std::string found, std::string fix) {
  return {std::move(name), s, std::move(found), std::move(fix)};
}

CheckResult check_libvirt(const std::string& uri) {
  try {
    auto conn = lab::libvirt::Connection::open(uri);
    unsigned long version = 0;
    virConnectGetLibVersion(conn.get(), &version);
    return ok("libvirt", "reachable at " + uri + " (driver " + conn.driver() + ", libvirt " +
                             std::to_string(version / 1000000) + "." +
                             std::to_string(version / 1000 % 1000) + ")");
  } catch (const Error& e) {
    return bad(CheckStatus::fail, "libvirt", "not reachable at " + uri,
               "start libvirtd (no systemd here: `scripts/lab-env start`, then run klab through "
               "`scripts/lab-env run -- klab ...`) or pass another URI in klab.yaml");
  }
}

CheckResult check_programs(const std::string& name, const std::vector<std::string>& programs,
                           const std::string& fix, CheckStatus severity) {
  std::string missing;
  for (const auto& p : programs)
    if (!base::find_program(p)) missing += (missing.empty() ? "" : ", ") + p;
  if (missing.empty()) return ok(name, "found " + base::join(programs, ", "));
  return bad(severity, name, "missing: " + missing, fix);
}

CheckResult check_kvm() {
  const lab::KvmStatus status = lab::detect_kvm();
  if (status.usable) return ok("kvm", "KVM usable: guests run with hardware acceleration");
  // Not a failure: klab falls back to TCG (slower, but guests boot).
  return bad(CheckStatus::warn, "kvm", "KVM unusable (" + status.reason + "), using TCG",
             "nothing to do: accel auto uses TCG; expect about a minute per VM boot");
}

// Free space where the bytes will go: the image cache and libvirt's image directory.
CheckResult check_disk(const std::string& label, fs::path path, std::uint64_t min_free) {
  while (!path.empty() && !fs::exists(path)) path = path.parent_path();
  struct statvfs st {};
  if (path.empty() || statvfs(path.c_str(), &st) != 0)
    return bad(CheckStatus::warn, "disk " + label, "cannot stat " + path.string(), "");
  const std::uint64_t free_bytes = static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
  const std::string found = std::to_string(free_bytes >> 30) + " GiB free at " + path.string();
  if (free_bytes >= min_free) return ok("disk " + label, found);
  return bad(CheckStatus::fail, "disk " + label, found,
             "free at least " + std::to_string(min_free >> 30) +
                 " GiB there (klab down removes a lab; klab image rm an image)");
}

CheckResult check_netns() {
  const bool kernel = fs::exists("/proc/self/ns/net");
  const bool ip = base::find_program("ip").has_value();
  const bool root = ::geteuid() == 0;
  if (kernel && ip && root)
    return ok("netns", "network namespaces supported (scripts/lab-env can isolate the lab)");
  return bad(CheckStatus::warn, "netns",
             std::string(kernel ? "" : "no netns support in the kernel; ") +
                 (ip ? "" : "no `ip` command; ") + (root ? "" : "not root"),
             "scripts/lab-env needs root, iproute2 and netns support; with a system libvirtd "
             "you do not need it");
}

CheckResult check_image(const std::string& name) {
  std::optional<images::ImageInfo> image;
  try {
    image = images::find_image(name);
  } catch (const Error& e) {
    return bad(CheckStatus::fail, "image", e.what(), "klab image rm " + name + ", then rebuild it");
  }
  if (image && image->problem.empty())
    return ok("image", name + " in the cache (" + image->dir.string() + ")");
  if (image)
    return bad(CheckStatus::fail, "image", image->problem, "klab image rm " + name + ", then rebuild it");
  return bad(CheckStatus::fail, "image", name + " is not in the image cache (" +
                                             lab::image_dir(name).string() + ")",
             "run `klab image build " + name + "` (needs Debian's archive, a few minutes)");
}

}  // namespace

std::string to_string(CheckStatus status) {
  switch (status) {
    case CheckStatus::ok: return "ok";
    case CheckStatus::warn: return "warn";
    case CheckStatus::fail: return "FAIL";
  }
  return "?";
}

std::vector<CheckResult> run_doctor(const DoctorOptions& o) {
  return {
      check_libvirt(o.uri),
      check_programs("qemu", {"qemu-system-x86_64", "qemu-img"},
                     "apt-get install qemu-system-x86 qemu-utils (scripts/install-deps)",
                     CheckStatus::fail),
      check_kvm(),
      check_programs("network", {"dnsmasq", "ip", "tc", "nft"},
                     "apt-get install dnsmasq-base iproute2 nftables (scripts/install-deps)",
                     CheckStatus::fail),
      check_programs("image tools", {"mmdebstrap", "mkfs.ext4", "qemu-img"},
                     "apt-get install mmdebstrap e2fsprogs qemu-utils (scripts/install-deps)",
                     CheckStatus::warn),
      check_image(o.image),
      check_disk("(image cache)", lab::cache_root(), o.min_free_bytes),
      check_disk("(libvirt images)", "/var/lib/libvirt/images", o.min_free_bytes),
      check_netns(),
  };
}

}  // namespace klab::ops
