#include "provisioner/lab_targets.hpp"

#include <filesystem>

#include "base/error.hpp"
#include "lab/paths.hpp"

namespace klab::provisioner {

SshTarget ssh_target_for(const lab::HostPlan& host, const cloudinit::LabKeys& keys) {
  SshTarget t;
  t.host = host.name;
  t.address = host.ip.str();
  t.private_key = keys.client_private_key;
  t.host_key = keys.host_key(host.name).public_key;
  return t;
}

std::vector<SshTarget> lab_ssh_targets(const lab::Plan& plan, const cloudinit::LabKeys& keys) {
  std::vector<SshTarget> targets;
  for (const auto& host : plan.hosts) targets.push_back(ssh_target_for(host, keys));
  return targets;
}

cloudinit::LabKeys must_load_lab_keys(const lab::Plan& plan) {
  const auto dir = lab::checked_lab_dir(plan.lab);
  if (!std::filesystem::exists(dir / "ssh" / "id_ed25519"))
    throw infra_error("lab " + plan.lab + " has no SSH keys in " + (dir / "ssh").string() +
                      ": create it first with `klab up`");
  return cloudinit::ensure_lab_keys(plan, dir);
}

}  // namespace klab::provisioner
