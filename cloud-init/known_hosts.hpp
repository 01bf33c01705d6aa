#pragma once
// The lab's known_hosts file: every host's pre-generated host key pinned under its
// short name, FQDN and IP, so klab (and `ssh -o UserKnownHostsFile=...`) can connect
// with strict host key checking from the first boot on.
#include <map>
#include <string>

#include "cloud-init/ssh_key.hpp"
#include "lab/plan.hpp"

namespace klab::cloudinit {

/// One OpenSSH known_hosts line per planned host, in plan order:
/// "kube-master1,kube-master1.example.com,192.168.49.151 ssh-ed25519 AAAA... comment".
/// The VIP is left out on purpose: it moves between hosts, so no single key fits it.
/// Throws klab::Error when a planned host has no key in `host_keys`.
std::string render_known_hosts(const lab::Plan& plan,
                               const std::map<std::string, SshKeyPair>& host_keys);

}  // namespace klab::cloudinit
