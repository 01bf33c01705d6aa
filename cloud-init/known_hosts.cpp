#include "cloud-init/known_hosts.hpp"

#include "base/error.hpp"

namespace klab::cloudinit {

std::string render_known_hosts(const lab::Plan& plan,
                               const std::map<std::string, SshKeyPair>& host_keys) {
  std::string text = "# klab lab \"" + plan.lab + "\": pinned SSH host keys (written by klab)\n";
  for (const lab::HostPlan& host : plan.hosts) {
    const auto key = host_keys.find(host.name);
    if (key == host_keys.end()) {
      throw infra_error("no SSH host key for host " + host.name + " of lab " + plan.lab +
                        " (internal error: keys must be ensured before known_hosts is written)");
    }
    text += host.name + "," + host.fqdn + "," + host.ip.str() + " " + key->second.public_key + "\n";
  }
  return text;
}

}  // namespace klab::cloudinit
