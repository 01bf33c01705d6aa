#include "lab/topology_parse.hpp"

#include <cctype>

namespace klab::lab::detail {

namespace {

const std::vector<std::string> top_keys = {"name", "libvirt", "image", "network", "defaults",
                                           "hosts"};
const std::vector<std::string> libvirt_keys = {"uri", "accel"};
const std::vector<std::string> network_keys = {"subnet", "gateway", "domain", "vip", "mode"};
const std::vector<std::string> resource_keys = {"vcpus", "memory", "disk"};
const std::vector<std::string> host_keys = {"name", "role", "ip", "mac", "uri",
                                            "vcpus", "memory", "disk"};

void parse_resources(YamlReader& r, const YAML::Node& map, const std::string& field,
                     Resources& res) {
  if (auto v = r.integer(map, "vcpus", join_field(field, "vcpus"), 1, 64, "vCPUs", 2)) res.vcpus = *v;
  if (auto v = r.integer(map, "memory", join_field(field, "memory"), 256, 1048576, "MiB", 2048))
    res.memory_mib = *v;
  if (auto v = r.integer(map, "disk", join_field(field, "disk"), 1, 4096, "GiB", 20)) res.disk_gib = *v;
}

void parse_libvirt(YamlReader& r, const YAML::Node& root, Topology& t) {
  const YAML::Node node = root["libvirt"];
  if (!node || !r.expect_map(node, "libvirt")) return;
  r.check_keys(node, "libvirt", libvirt_keys);
  if (auto uri = r.string(node, "uri", "libvirt.uri")) t.uri = *uri;
  if (auto accel = r.choice(node, "accel", "libvirt.accel", {"auto", "kvm", "tcg"}))
    t.accel = *accel == "kvm" ? Accel::kvm : *accel == "tcg" ? Accel::tcg : Accel::auto_;
}

void parse_network(YamlReader& r, const YAML::Node& root, ParsedTopology& out) {
  Topology& t = out.topology;
  const YAML::Node node = root["network"];
  out.network.network = r.pos_of(root, "network");
  out.network.present = node.IsDefined();
  if (!node) {
    r.error(root, "network", "missing: give at least network.subnet (e.g. 192.168.49.0/24)");
    return;
  }
  if (!r.expect_map(node, "network")) return;
  r.check_keys(node, "network", network_keys);
  out.network.subnet = r.pos_of(node, "subnet");
  t.network.subnet_pos = out.network.subnet;
  out.network.gateway = r.pos_of(node, "gateway");
  out.network.vip = r.pos_of(node, "vip");
  out.network.domain = r.pos_of(node, "domain");
  out.network.vip_given = node["vip"].IsDefined();
  if (auto subnet = r.string(node, "subnet", "network.subnet")) {
    if (auto cidr = parse_cidr(*subnet)) {
      t.network.subnet = *cidr;
      out.subnet_ok = cidr->prefix >= 8 && cidr->prefix <= 29;
      if (!out.subnet_ok)
        r.error(node["subnet"], "network.subnet",
                "prefix /" + std::to_string(cidr->prefix) + " is unusable: use /8 to /29");
    } else {
      r.error(node["subnet"], "network.subnet",
              "'" + *subnet + "' is not an IPv4 network in CIDR form with the host bits clear "
              "(e.g. 192.168.49.0/24)");
    }
  } else if (!node["subnet"]) {
    r.error(node, "network.subnet", "missing: give the lab's network, e.g. 192.168.49.0/24");
  }
  if (auto gw = r.string(node, "gateway", "network.gateway")) {
    out.gateway_given = true;
    if (auto ip = parse_ipv4(*gw)) t.network.gateway = *ip;
    else r.error(node["gateway"], "network.gateway", "'" + *gw + "' is not an IPv4 address");
  }
  if (auto domain = r.string(node, "domain", "network.domain")) {
    if (is_dns_name(*domain)) t.network.domain = *domain;
    else r.error(node["domain"], "network.domain",
                 "'" + *domain + "' is not a valid DNS domain (letters, digits, '-', dots)");
  }
  if (auto vip = r.string(node, "vip", "network.vip")) {
    if (auto ip = parse_ipv4(*vip)) {
      t.network.vip = *ip;
      out.vip_ok = true;
    } else {
      r.error(node["vip"], "network.vip", "'" + *vip + "' is not an IPv4 address");
    }
  }
  if (auto mode = r.choice(node, "mode", "network.mode", {"nat", "isolated"}))
    t.network.mode = *mode == "isolated" ? NetworkMode::isolated : NetworkMode::nat;
}

void parse_host(YamlReader& r, const YAML::Node& node, std::size_t index, ParsedTopology& out) {
  const std::string field = "hosts[" + std::to_string(index) + "]";
  HostSpec h;
  h.resources = out.topology.defaults;
  h.pos = r.pos(node);
  HostNodes nodes{r.pos(node), r.pos_of(node, "name"), r.pos_of(node, "ip"), r.pos_of(node, "mac")};
  bool ip_ok = false;
  if (r.expect_map(node, field)) {
    r.check_keys(node, field, host_keys);
    if (auto name = r.string(node, "name", field + ".name")) {
      h.name = *name;
      if (!is_dns_label(*name))
        r.error(node["name"], field + ".name",
                "'" + *name + "' is not a valid host name: use lower-case letters, digits and "
                "'-', at most 63 characters, not starting or ending with '-'");
    } else if (!node["name"]) {
      r.error(node, field + ".name", "missing: every host needs a name");
    }
    if (auto role = r.choice(node, "role", field + ".role", {"lb", "master", "worker"}))
      h.role = *role == "lb" ? Role::lb : *role == "worker" ? Role::worker : Role::master;
    else if (!node["role"])
      r.error(node, field + ".role", "missing: give role: lb, master or worker");
    if (auto ip = r.string(node, "ip", field + ".ip")) {
      if (auto parsed = parse_ipv4(*ip)) {
        h.ip = *parsed;
        ip_ok = true;
      } else {
        r.error(node["ip"], field + ".ip", "'" + *ip + "' is not an IPv4 address");
      }
    } else if (!node["ip"]) {
      r.error(node, field + ".ip", "missing: every host needs a static address in the subnet");
    }
    if (auto mac = r.string(node, "mac", field + ".mac")) {
      if (is_mac(*mac)) {
        std::string lower = *mac;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        h.mac = lower;
      } else {
        r.error(node["mac"], field + ".mac",
                "'" + *mac + "' is not a unicast MAC address like 52:54:00:12:34:56");
      }
    }
    if (auto uri = r.string(node, "uri", field + ".uri")) h.uri = *uri;
    parse_resources(r, node, field, h.resources);
  }
  out.topology.hosts.push_back(h);
  out.hosts.push_back(nodes);
  out.ip_ok.push_back(ip_ok);
}

void parse_hosts(YamlReader& r, const YAML::Node& root, ParsedTopology& out) {
  const YAML::Node node = root["hosts"];
  out.hosts_node = r.pos_of(root, "hosts");
  if (!node) {
    r.error(root, "hosts", "missing: list the lab's hosts (at least one master)");
    return;
  }
  out.hosts_is_list = node.IsSequence();
  if (!node.IsSequence()) {
    r.error(node, "hosts", "expected a list of hosts ('- {name: ..., role: ..., ip: ...}')");
    return;
  }
  for (std::size_t i = 0; i < node.size(); ++i) parse_host(r, node[i], i, out);
}

}  // namespace

bool is_dns_label(const std::string& s) {
  if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
  for (char c : s)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '-'))
      return false;
  return true;
}

bool is_dns_name(const std::string& s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = s.find('.', start);
    std::string label = s.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    for (char& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!is_dns_label(label)) return false;
    if (dot == std::string::npos) return true;
    start = dot + 1;
  }
}

bool is_mac(const std::string& s) {
  if (s.size() != 17) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i % 3 == 2) {
      if (s[i] != ':') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  const int first_octet = std::stoi(s.substr(0, 2), nullptr, 16);
  return (first_octet & 1) == 0;  // multicast MACs cannot be NIC addresses
}

void parse_structure(YamlReader& r, const YAML::Node& root, ParsedTopology& out) {
  Topology& t = out.topology;
  out.root = r.pos(root);
  if (!r.expect_map(root, "")) return;
  r.check_keys(root, "", top_keys);
  if (auto name = r.string(root, "name", "name")) {
    t.name = *name;
    if (!is_dns_label(*name) || name->size() > 40)
      r.error(root["name"], "name",
              "'" + *name + "' is not a valid lab name: lower-case letters, digits and '-', "
              "at most 40 characters");
  } else if (!root["name"]) {
    r.error(root, "name", "missing: give the lab a name (libvirt objects are klab-<name>-*)");
  }
  parse_libvirt(r, root, t);
  if (auto image = r.string(root, "image", "image")) t.image = *image;
  if (const YAML::Node defaults = root["defaults"]) {
    if (r.expect_map(defaults, "defaults")) {
      r.check_keys(defaults, "defaults", resource_keys);
      parse_resources(r, defaults, "defaults", t.defaults);
    }
  }
  parse_network(r, root, out);
  parse_hosts(r, root, out);
}

}  // namespace klab::lab::detail
