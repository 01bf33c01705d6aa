#pragma once
// Topology: what the user declared in klab.yaml (or a built-in preset), validated.
// Nothing downstream reads it directly: resolve() in plan.hpp turns it into a Plan.
#include <optional>
#include <string>
#include <vector>

#include "lab/diagnostics.hpp"
#include "lab/ipv4.hpp"

namespace klab::lab {

enum class Role { lb, master, worker };
enum class Accel { auto_, kvm, tcg };
enum class NetworkMode { nat, isolated };

std::string to_string(Role role);
std::string to_string(Accel accel);
std::string to_string(NetworkMode mode);

struct Resources {
  int vcpus = 2;
  int memory_mib = 2048;
  int disk_gib = 20;
};

struct HostSpec {
  std::string name;
  Role role = Role::master;
  Ipv4 ip;
  std::optional<std::string> mac;  // explicit MAC; derived from lab + host name if absent
  std::optional<std::string> uri;  // libvirt URI of the hypervisor; default libvirt.uri
  Resources resources;
  SourcePos pos;                   // where the host was declared
};

struct NetworkSpec {
  Cidr subnet;
  SourcePos subnet_pos;  // where the subnet was declared: checks downstream name it
  Ipv4 gateway;
  std::string domain = "example.com";
  std::optional<Ipv4> vip;
  NetworkMode mode = NetworkMode::nat;
};

struct Topology {
  std::string name;
  std::string uri = "qemu:///system";
  Accel accel = Accel::auto_;
  std::string image = "debian-12";
  NetworkSpec network;
  Resources defaults;
  std::vector<HostSpec> hosts;
  std::string source;  // file path or "preset:<name>"

  int count(Role role) const;
};

/// Parses and validates YAML text. Every problem found is collected into the thrown
/// ConfigError (see diagnostics.hpp); warnings are appended to `warnings`.
Topology parse_topology(const std::string& yaml_text, const std::string& source,
                        std::vector<Diagnostic>* warnings = nullptr);

/// Reads and parses a file; a missing or unreadable file is a ConfigError too.
Topology load_topology_file(const std::string& path, std::vector<Diagnostic>* warnings = nullptr);

}  // namespace klab::lab
