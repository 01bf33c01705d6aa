#pragma once
// The lab's SSH identity and host keys, created once and kept in the lab directory:
//
//   <lab_dir>/ssh/id_ed25519            0600  klab's key for root on every host
//   <lab_dir>/ssh/id_ed25519.pub
//   <lab_dir>/ssh/hostkeys/<host>_ed25519(.pub)   each host's pre-generated host key
//   <lab_dir>/ssh/known_hosts           every host's key pinned by name, FQDN and IP
//
// Existing keys are always loaded, never replaced: a damaged or half-deleted pair is an
// error that says how to recover, because new keys would silently break every host
// already seeded with the old ones.
#include <filesystem>
#include <map>
#include <string>

#include "cloud-init/ssh_key.hpp"
#include "lab/plan.hpp"

namespace klab::cloudinit {

struct LabKeys {
  std::filesystem::path ssh_dir;             // <lab_dir>/ssh
  std::filesystem::path client_private_key;  // <lab_dir>/ssh/id_ed25519
  std::filesystem::path known_hosts;         // <lab_dir>/ssh/known_hosts
  SshKeyPair client;                         // root login on every host
  std::map<std::string, SshKeyPair> host_keys;  // by host name, one per planned host

  /// The host key of `host`; throws klab::Error if the plan had no such host.
  const SshKeyPair& host_key(const std::string& host) const;
};

/// Loads the lab's keys from `lab_dir`/ssh, generating only those that do not exist
/// yet (first run, or a host added to the lab), and rewrites known_hosts for the
/// current plan. Safe to call repeatedly and from concurrent processes. Host keys of
/// hosts no longer planned are left on disk. Throws klab::Error (infrastructure) when
/// a key file is unreadable, malformed or does not match its other half.
LabKeys ensure_lab_keys(const lab::Plan& plan, const std::filesystem::path& lab_dir);

}  // namespace klab::cloudinit
