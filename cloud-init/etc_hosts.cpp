#include "cloud-init/etc_hosts.hpp"

namespace klab::cloudinit {

namespace {

std::string line(const lab::Ipv4& ip, const std::string& fqdn, const std::string& short_name) {
  std::string text = ip.str() + "\t" + fqdn;
  if (!short_name.empty() && short_name != fqdn) text += " " + short_name;
  return text + "\n";
}

}  // namespace

std::string render_etc_hosts(const lab::Plan& plan) {
  std::string text =
      "# Written by klab through cloud-init for lab \"" + plan.lab + "\".\n"
      "127.0.0.1\tlocalhost\n"
      "::1\tlocalhost ip6-localhost ip6-loopback\n"
      "ff02::1\tip6-allnodes\n"
      "ff02::2\tip6-allrouters\n";
  const bool has_vip = plan.network.vip && !plan.network.vip_fqdn.empty();
  if (!plan.hosts.empty() || has_vip) text += "\n";
  for (const lab::HostPlan& host : plan.hosts) text += line(host.ip, host.fqdn, host.name);
  if (has_vip) {
    const std::string& fqdn = plan.network.vip_fqdn;
    text += line(*plan.network.vip, fqdn, fqdn.substr(0, fqdn.find('.')));
  }
  return text;
}

}  // namespace klab::cloudinit
