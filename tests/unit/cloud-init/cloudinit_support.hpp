#pragma once
// Helpers for the cloud-init unit tests: the default lab as a Plan value, a scratch
// directory, file helpers; run_tool.hpp runs the real tools on the output.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cloud-init/lab_keys.hpp"
#include "lab/plan.hpp"
#include "unit/cloud-init/run_tool.hpp"

namespace klab::cloudinit::testing {

inline lab::Ipv4 ip(const char* text) { return lab::parse_ipv4(text).value(); }

inline lab::HostPlan host_plan(const std::string& lab, const std::string& name, lab::Role role,
                               const char* address, const char* mac) {
  lab::HostPlan h;
  h.name = name;
  h.fqdn = name + ".example.com";
  h.role = role;
  h.ip = ip(address);
  h.mac = mac;
  h.uri = "qemu:///system";
  h.domain_name = "klab-" + lab + "-" + name;
  h.disk_volume = h.domain_name + ".qcow2";
  h.seed_volume = h.domain_name + "-seed.iso";
  return h;
}

/// The default lab of DESIGN.md. The MACs are all digits on purpose: unquoted, YAML 1.1
/// (PyYAML, cloud-init) would read them as base-60 integers.
inline lab::Plan default_lab_plan() {
  lab::Plan plan;
  plan.lab = "ha";
  plan.uri = "qemu:///system";
  plan.image = "debian-12";
  plan.pool_name = "klab-ha";
  plan.base_volume = "klab-ha-base-debian-12.qcow2";
  plan.network.name = "klab-ha";
  plan.network.bridge = "klab-ha";
  plan.network.subnet = lab::parse_cidr("192.168.49.0/24").value();
  plan.network.gateway = ip("192.168.49.1");
  plan.network.domain = "example.com";
  plan.network.vip = ip("192.168.49.160");
  plan.network.vip_fqdn = "vip.example.com";
  plan.hosts = {
      host_plan("ha", "kube-master", lab::Role::lb, "192.168.49.150", "52:54:00:10:01:50"),
      host_plan("ha", "kube-master1", lab::Role::master, "192.168.49.151", "52:54:00:10:01:51"),
      host_plan("ha", "kube-master2", lab::Role::master, "192.168.49.152", "52:54:00:10:01:52"),
      host_plan("ha", "kube-master3", lab::Role::master, "192.168.49.153", "52:54:00:10:01:53"),
  };
  plan.source = "preset:ha";
  return plan;
}

/// The `single` preset's shape: one master, no LB, no VIP.
inline lab::Plan single_lab_plan() {
  lab::Plan plan = default_lab_plan();
  plan.lab = "single";
  plan.network.vip.reset();
  plan.network.vip_fqdn.clear();
  plan.hosts = {host_plan("single", "kube-master1", lab::Role::master, "192.168.49.151",
                          "52:54:00:20:01:51")};
  return plan;
}

/// A fresh directory under $TMPDIR, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "klab-ci-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::filesystem::perms perms_of(const std::filesystem::path& path) {
  return std::filesystem::status(path).permissions() & std::filesystem::perms::mask;
}

/// Lab keys for the default lab, generated once per test binary: rendering tests need
/// real keys but not fresh ones.
inline const LabKeys& default_lab_keys() {
  static TempDir dir;
  static const LabKeys keys = ensure_lab_keys(default_lab_plan(), dir.path());
  return keys;
}

}  // namespace klab::cloudinit::testing

