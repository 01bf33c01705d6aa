#include "lab/plan.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <set>

#include "lab/reserved_names.hpp"

namespace klab::lab {

namespace {

// Linux limits interface names to 15 characters (IFNAMSIZ - 1).
constexpr std::size_t max_ifname = 15;

std::string sha256_hex_prefix(const std::string& text, std::size_t hex_chars) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < len && hex.size() < hex_chars; ++i) {
    char buf[3];
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    hex += buf;
  }
  return hex.substr(0, hex_chars);
}

std::string bridge_name(const std::string& lab) {
  std::string name = "klab-" + lab;
  if (name.size() <= max_ifname) return name;
  // Long lab names: keep a readable prefix and make it unique with a hash.
  return "kl-" + lab.substr(0, 6) + "-" + sha256_hex_prefix(lab, 5);
}

HostPlan resolve_host(const Topology& t, const HostSpec& h) {
  HostPlan p;
  p.name = h.name;
  p.fqdn = h.name + "." + t.network.domain;
  p.role = h.role;
  p.ip = h.ip;
  p.uri = h.uri.value_or(t.uri);
  p.resources = h.resources;
  const std::string prefix = "klab-" + t.name + "-" + h.name;
  p.domain_name = prefix;
  p.disk_volume = prefix + ".qcow2";
  p.seed_volume = prefix + "-seed.iso";
  return p;
}

// Explicit MACs are taken as given; derived ones avoid every MAC already in use,
// trying salted variants in declaration order so the result is stable across runs.
void assign_macs(const Topology& t, std::vector<HostPlan>& hosts) {
  std::set<std::string> used;
  for (const auto& h : t.hosts)
    if (h.mac) used.insert(*h.mac);
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    if (t.hosts[i].mac) {
      hosts[i].mac = *t.hosts[i].mac;
      continue;
    }
    std::string mac;
    for (int attempt = 0; mac.empty() || used.count(mac); ++attempt)
      mac = derive_mac(t.name, hosts[i].name, attempt);
    used.insert(mac);
    hosts[i].mac = mac;
  }
}

}  // namespace

std::string derive_mac(const std::string& lab, const std::string& host, int attempt) {
  const std::string hex =
      sha256_hex_prefix(lab + "/" + host + (attempt ? "#" + std::to_string(attempt) : ""), 6);
  return "52:54:00:" + hex.substr(0, 2) + ":" + hex.substr(2, 2) + ":" + hex.substr(4, 2);
}

const HostPlan* Plan::find_host(const std::string& name) const {
  for (const auto& h : hosts)
    if (h.name == name || h.fqdn == name) return &h;
  return nullptr;
}

std::vector<const HostPlan*> Plan::hosts_with_role(Role role) const {
  std::vector<const HostPlan*> out;
  for (const auto& h : hosts)
    if (h.role == role) out.push_back(&h);
  return out;
}

Plan resolve(const Topology& t) {
  Plan plan;
  plan.lab = t.name;
  plan.uri = t.uri;
  plan.accel = t.accel;
  plan.image = t.image;
  plan.source = t.source;
  plan.pool_name = "klab-" + t.name;
  plan.base_volume = "klab-" + t.name + "-base-" + t.image + ".qcow2";
  plan.network.name = "klab-" + t.name;
  plan.network.bridge = bridge_name(t.name);
  plan.network.subnet = t.network.subnet;
  plan.network.subnet_pos = t.network.subnet_pos;
  plan.network.gateway = t.network.gateway;
  plan.network.domain = t.network.domain;
  plan.network.vip = t.network.vip;
  if (t.network.vip) plan.network.vip_fqdn = std::string(kVipName) + "." + t.network.domain;
  plan.network.mode = t.network.mode;
  for (const auto& h : t.hosts) plan.hosts.push_back(resolve_host(t, h));
  assign_macs(t, plan.hosts);
  return plan;
}

}  // namespace klab::lab
