#pragma once
// Plan: the topology with everything resolved — FQDNs, MACs, libvirt object names,
// disks, network addressing. Pure and deterministic: the same topology always gives
// the same plan. Everything downstream (provider, cloud-init, provisioner, scenarios)
// reads the Plan, never the YAML.
#include <string>
#include <vector>

#include "lab/topology.hpp"

namespace klab::lab {

struct HostPlan {
  std::string name;          // kube-master1
  std::string fqdn;          // kube-master1.example.com
  Role role = Role::master;
  Ipv4 ip;
  std::string mac;           // 52:54:00:xx:xx:xx, lower case
  std::string uri;           // libvirt URI for this host's domain
  Resources resources;
  std::string domain_name;   // libvirt domain: klab-<lab>-<host>
  std::string disk_volume;   // klab-<lab>-<host>.qcow2 (overlay on the base image)
  std::string seed_volume;   // klab-<lab>-<host>-seed.iso (NoCloud, volume id cidata)
};

struct NetworkPlan {
  std::string name;          // libvirt network: klab-<lab>
  std::string bridge;        // Linux bridge, <= 15 characters
  Cidr subnet;
  SourcePos subnet_pos;      // where the topology declared it, for checks that need settings
  Ipv4 gateway;              // the host side of the bridge; dnsmasq listens here
  std::string domain;        // DNS domain served by the lab's dnsmasq
  std::optional<Ipv4> vip;   // keepalived virtual IP; DNS name "vip.<domain>"
  std::string vip_fqdn;      // vip.<domain> when a VIP exists
  NetworkMode mode = NetworkMode::nat;
};

struct Plan {
  std::string lab;           // lab name
  std::string uri;           // default libvirt URI
  Accel accel = Accel::auto_;
  std::string image;         // image name in the local cache (debian-12)
  std::string pool_name;     // libvirt storage pool for this lab: klab-<lab>
  std::string base_volume;   // the base image inside the pool: klab-<lab>-base-<image>.qcow2
  NetworkPlan network;
  std::vector<HostPlan> hosts;  // in declaration order
  std::string source;        // where the topology came from

  const HostPlan* find_host(const std::string& name) const;  // nullptr if absent
  std::vector<const HostPlan*> hosts_with_role(Role role) const;
};

/// Resolves a validated topology. Throws ConfigError only for problems that need the
/// whole lab to see (a derived MAC equal to an explicit one, an over-long lab name).
Plan resolve(const Topology& topology);

/// Locally administered MAC in 52:54:00:xx:xx:xx for (lab, host), salted by `attempt`
/// so that a collision can be resolved deterministically.
std::string derive_mac(const std::string& lab, const std::string& host, int attempt = 0);

}  // namespace klab::lab
