#include "lab/libvirt/network_xml.hpp"

#include <pugixml.hpp>
#include <set>

#include "lab/libvirt/ownership.hpp"
#include "lab/libvirt/xml_text.hpp"
#include "lab/reserved_names.hpp"

namespace klab::lab::libvirt {

std::optional<Ipv4Range> dynamic_range(const Plan& plan) {
  const NetworkPlan& net = plan.network;
  std::set<std::uint32_t> taken{net.gateway.value};
  if (net.vip) taken.insert(net.vip->value);
  for (const HostPlan& h : plan.hosts) taken.insert(h.ip.value);

  std::optional<Ipv4Range> best;
  std::optional<std::uint32_t> run_start;
  const std::uint32_t first = net.subnet.first_usable().value;
  const std::uint32_t last = net.subnet.broadcast().value - 1;
  auto close_run = [&](std::uint32_t end) {
    if (!run_start) return;
    if (!best || end - *run_start > best->last.value - best->first.value) {
      best = Ipv4Range{Ipv4{*run_start}, Ipv4{end}};
    }
    run_start.reset();
  };
  for (std::uint64_t a = first; a <= last; ++a) {
    auto addr = static_cast<std::uint32_t>(a);
    if (taken.count(addr)) {
      close_run(addr - 1);
    } else if (!run_start) {
      run_start = addr;
    }
  }
  close_run(last);
  return best;
}

namespace {

void add_dns_host(pugi::xml_node dns, Ipv4 ip, const std::string& name, const std::string& fqdn) {
  pugi::xml_node host = dns.append_child("host");
  host.append_attribute("ip") = ip.str().c_str();
  host.append_child("hostname").text() = name.c_str();
  if (!fqdn.empty() && fqdn != name) host.append_child("hostname").text() = fqdn.c_str();
}

}  // namespace

std::string render_network(const Plan& plan, const std::string& version, const LabOwner& creator) {
  const NetworkPlan& net = plan.network;
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("network");
  root.append_child("name").text() = net.name.c_str();
  pugi::xml_node owner = append_owner(root, Owner{plan.lab, "", "", version, "", creator, ""});

  if (net.mode == NetworkMode::nat) root.append_child("forward").append_attribute("mode") = "nat";
  pugi::xml_node bridge = root.append_child("bridge");
  bridge.append_attribute("name") = net.bridge.c_str();
  bridge.append_attribute("stp") = "off";
  bridge.append_attribute("delay") = "0";

  pugi::xml_node domain = root.append_child("domain");
  domain.append_attribute("name") = net.domain.c_str();
  domain.append_attribute("localOnly") = "yes";

  pugi::xml_node dns = root.append_child("dns");
  for (const HostPlan& h : plan.hosts) add_dns_host(dns, h.ip, h.name, h.fqdn);
  if (net.vip) add_dns_host(dns, *net.vip, std::string(kVipName), net.vip_fqdn);

  pugi::xml_node ip = root.append_child("ip");
  ip.append_attribute("address") = net.gateway.str().c_str();
  ip.append_attribute("netmask") = net.subnet.netmask().str().c_str();
  pugi::xml_node dhcp = ip.append_child("dhcp");
  if (std::optional<Ipv4Range> range = dynamic_range(plan)) {
    pugi::xml_node r = dhcp.append_child("range");
    r.append_attribute("start") = range->first.str().c_str();
    r.append_attribute("end") = range->last.str().c_str();
  }
  for (const HostPlan& h : plan.hosts) {
    pugi::xml_node host = dhcp.append_child("host");
    host.append_attribute("mac") = h.mac.c_str();
    host.append_attribute("name") = h.name.c_str();
    host.append_attribute("ip") = h.ip.str().c_str();
  }

  seal_spec(doc, owner);
  return to_xml_string(doc);
}

}  // namespace klab::lab::libvirt
