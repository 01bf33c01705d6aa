#pragma once
// Internal to topology loading: the YAML → Topology step keeps the nodes that later
// semantic checks point at, so every error can name file:line:column.
#include <yaml-cpp/yaml.h>

#include <vector>

#include "lab/topology.hpp"
#include "lab/yaml_reader.hpp"

namespace klab::lab::detail {

// Positions only: yaml-cpp nodes have reference semantics and absent keys yield
// invalid nodes that throw on assignment, so keeping nodes around is fragile.
struct HostNodes {
  SourcePos host, name, ip, mac;
};

struct NetworkNodes {
  SourcePos network, subnet, gateway, vip, domain;
  bool present = false;
  bool vip_given = false;
};

struct ParsedTopology {
  Topology topology;
  SourcePos root, hosts_node;
  bool hosts_is_list = false;
  NetworkNodes network;
  std::vector<HostNodes> hosts;  // parallel to topology.hosts
  bool subnet_ok = false;        // the subnet parsed; address checks depend on it
  std::vector<bool> ip_ok;       // parallel to topology.hosts
  bool vip_ok = false;
  bool gateway_given = false;
};

/// Structural and typed parsing: keys, types, ranges, formats.
void parse_structure(YamlReader& reader, const YAML::Node& root, ParsedTopology& out);
/// Cross-field rules: addresses inside the subnet, duplicates, VIP, roles.
void validate_semantics(YamlReader& reader, ParsedTopology& parsed);

bool is_dns_label(const std::string& text);
bool is_dns_name(const std::string& text);
bool is_mac(const std::string& text);

}  // namespace klab::lab::detail
