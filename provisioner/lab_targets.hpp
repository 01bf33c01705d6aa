#pragma once
// How klab reaches each host of a lab over SSH: its planned address, the lab's client
// key and the host key klab generated for it (pinned). Every command that talks to
// the guests (up, status, ssh, deploy, scenarios) builds its targets here.
#include <vector>

#include "cloud-init/lab_keys.hpp"
#include "lab/plan.hpp"
#include "provisioner/transport/ssh_target.hpp"

namespace klab::provisioner {

SshTarget ssh_target_for(const lab::HostPlan& host, const cloudinit::LabKeys& keys);
std::vector<SshTarget> lab_ssh_targets(const lab::Plan& plan, const cloudinit::LabKeys& keys);

/// The lab's keys for an existing lab; an infrastructure Error saying to run `klab up`
/// when the lab has none yet (rather than silently generating new, useless keys).
cloudinit::LabKeys must_load_lab_keys(const lab::Plan& plan);

}  // namespace klab::provisioner
