#include <map>

#include "lab/address_ranges.hpp"
#include "lab/reserved_names.hpp"
#include "lab/topology_parse.hpp"

namespace klab::lab::detail {

namespace {

std::string line_of(const SourcePos& p) {
  return p.line > 0 ? " (line " + std::to_string(p.line) + ")" : "";
}

// An address must be a usable host address of the subnet: not the network or
// broadcast address, and (for hosts and the VIP) not the gateway.
std::optional<std::string> address_problem(const Cidr& subnet, Ipv4 ip) {
  if (!subnet.contains(ip)) return ip.str() + " is outside the subnet " + subnet.str();
  if (ip == subnet.network) return ip.str() + " is the network address of " + subnet.str();
  if (ip == subnet.broadcast()) return ip.str() + " is the broadcast address of " + subnet.str();
  return std::nullopt;
}

void check_subnet_is_unicast(YamlReader& r, ParsedTopology& p) {
  const Cidr& subnet = p.topology.network.subnet;
  const std::optional<SpecialRange> special = special_range_overlapping(subnet);
  if (!special) return;
  const bool inside = subnet.prefix >= special->range.prefix;
  r.error_at(p.network.subnet, "network.subnet",
             subnet.str() + (inside ? " is in " : " overlaps ") + special->range.str() + ", the " +
                 special->purpose + " range, where guests cannot have ordinary addresses: " +
                 private_range_advice());
}

void check_gateway(YamlReader& r, ParsedTopology& p) {
  Topology& t = p.topology;
  if (!p.gateway_given) {
    t.network.gateway = t.network.subnet.first_usable();
    return;
  }
  if (auto problem = address_problem(t.network.subnet, t.network.gateway))
    r.error_at(p.network.gateway, "network.gateway", *problem + ": pick a usable address of the subnet");
}

void check_host_addresses(YamlReader& r, ParsedTopology& p) {
  const Topology& t = p.topology;
  std::map<std::uint32_t, std::size_t> seen;
  for (std::size_t i = 0; i < t.hosts.size(); ++i) {
    if (!p.ip_ok[i]) continue;
    const std::string field = "hosts[" + std::to_string(i) + "].ip";
    const Ipv4 ip = t.hosts[i].ip;
    if (auto problem = address_problem(t.network.subnet, ip)) {
      r.error_at(p.hosts[i].ip, field, *problem + ": give the host a usable address of the subnet");
    } else if (ip == t.network.gateway) {
      r.error_at(p.hosts[i].ip, field,
              ip.str() + " is the gateway (the host side of the lab bridge): pick another");
    }
    auto [it, inserted] = seen.emplace(ip.value, i);
    if (!inserted)
      r.error_at(p.hosts[i].ip, field,
              "duplicate address " + ip.str() + ": already used by hosts[" +
                  std::to_string(it->second) + "]" + line_of(p.hosts[it->second].ip));
  }
}

void check_vip(YamlReader& r, ParsedTopology& p) {
  const Topology& t = p.topology;
  const bool needs_vip = t.count(Role::lb) > 0 || t.count(Role::master) >= 2;
  if (!t.network.vip) {
    if (needs_vip && !p.network.vip_given)
      r.error_at(p.network.network, "network.vip",
              "missing: a lab with a load balancer or 2+ masters needs a keepalived virtual "
              "IP, e.g. vip: 192.168.49.160");
    return;
  }
  const Ipv4 vip = *t.network.vip;
  if (auto problem = address_problem(t.network.subnet, vip)) {
    r.error_at(p.network.vip, "network.vip", *problem + ": the VIP must be a free, usable address of the subnet");
    return;
  }
  if (vip == t.network.gateway)
    r.error_at(p.network.vip, "network.vip", vip.str() + " is the gateway: pick a free address");
  for (std::size_t i = 0; i < t.hosts.size(); ++i)
    if (p.ip_ok[i] && t.hosts[i].ip == vip)
      r.error_at(p.network.vip, "network.vip",
              vip.str() + " is the address of host " + t.hosts[i].name +
                  line_of(p.hosts[i].ip) + ": the VIP must be an address no host has");
}

void check_duplicate_names_and_macs(YamlReader& r, ParsedTopology& p) {
  const Topology& t = p.topology;
  std::map<std::string, std::size_t> names, macs;
  for (std::size_t i = 0; i < t.hosts.size(); ++i) {
    const std::string field = "hosts[" + std::to_string(i) + "]";
    const HostSpec& h = t.hosts[i];
    if (!h.name.empty()) {
      auto [it, inserted] = names.emplace(h.name, i);
      if (!inserted)
        r.error_at(p.hosts[i].name, field + ".name",
                "duplicate host name '" + h.name + "': already used by hosts[" +
                    std::to_string(it->second) + "]" + line_of(p.hosts[it->second].name));
    }
    if (h.mac) {
      auto [it, inserted] = macs.emplace(*h.mac, i);
      if (!inserted)
        r.error_at(p.hosts[i].mac, field + ".mac",
                "duplicate MAC " + *h.mac + ": already used by hosts[" +
                    std::to_string(it->second) + "]" + line_of(p.hosts[it->second].mac));
    }
  }
}

void check_reserved_names(YamlReader& r, ParsedTopology& p) {
  const Topology& t = p.topology;
  for (std::size_t i = 0; i < t.hosts.size(); ++i) {
    if (auto use = reserved_name_use(t.hosts[i].name))
      r.error_at(p.hosts[i].name, "hosts[" + std::to_string(i) + "].name",
                 "'" + t.hosts[i].name + "' is reserved: klab uses it for " + *use +
                     "; pick another host name");
  }
}

void check_roles(YamlReader& r, ParsedTopology& p) {
  const Topology& t = p.topology;
  if (t.hosts.empty()) {
    if (p.hosts_is_list)
      r.error_at(p.hosts_node, "hosts", "the list is empty: declare at least one master");
    return;
  }
  const int masters = t.count(Role::master);
  if (masters == 0) {
    r.error_at(p.hosts_node, "hosts",
            "no host has role master: etcd and the control plane need at least one");
  } else if (masters % 2 == 0) {
    r.warning_at(p.hosts_node, "hosts",
              std::to_string(masters) + " masters make an even etcd member count: it tolerates "
              "no more failures than " + std::to_string(masters - 1) + " members would");
  }
}

}  // namespace

void validate_semantics(YamlReader& r, ParsedTopology& p) {
  if (p.subnet_ok) {
    check_subnet_is_unicast(r, p);
    check_gateway(r, p);
    check_host_addresses(r, p);
    check_vip(r, p);
  }
  check_duplicate_names_and_macs(r, p);
  check_reserved_names(r, p);
  check_roles(r, p);
}

}  // namespace klab::lab::detail
