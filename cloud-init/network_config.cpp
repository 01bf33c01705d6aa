#include "cloud-init/network_config.hpp"

#include "cloud-init/yaml_out.hpp"

namespace klab::cloudinit {

using detail::put_bool;
using detail::put_string;
using detail::put_strings;

std::string render_network_config(const lab::Plan& plan, const lab::HostPlan& host) {
  const lab::NetworkPlan& net = plan.network;
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "version" << YAML::Value << 2;
  out << YAML::Key << "ethernets" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << kLabInterface << YAML::Value << YAML::BeginMap;

  out << YAML::Key << "match" << YAML::Value << YAML::BeginMap;
  put_string(out, "macaddress", host.mac);
  out << YAML::EndMap;
  put_string(out, "set-name", kLabInterface);
  put_bool(out, "dhcp4", false);
  put_bool(out, "dhcp6", false);
  put_strings(out, "addresses", {host.ip.str() + "/" + std::to_string(net.subnet.prefix)});
  // gateway4, not `routes: [{to: default}]`: cloud-init 22.4 (Debian 12) cannot parse
  // `default`, and renders a 0.0.0.0/0 route for ifupdown as `route add` (net-tools,
  // absent from the image), while gateway4 becomes a native `gateway` / `Gateway=`.
  put_string(out, "gateway4", net.gateway.str());
  out << YAML::Key << "nameservers" << YAML::Value << YAML::BeginMap;
  put_strings(out, "addresses", {net.gateway.str()});
  put_strings(out, "search", {net.domain});
  out << YAML::EndMap;

  out << YAML::EndMap;  // the interface
  out << YAML::EndMap;  // ethernets
  out << YAML::EndMap;
  return detail::finish(out, "network-config");
}

}  // namespace klab::cloudinit
