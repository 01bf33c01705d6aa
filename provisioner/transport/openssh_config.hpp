#pragma once
// OpenSSH client configuration for the lab's hosts: used by `klab ssh-config` (print
// it) and by the interactive `klab ssh HOST`, which execs OpenSSH's `ssh` — the one
// place klab does not use libssh, because a terminal session (pty, window size,
// escape sequences) is exactly what `ssh` does best. Host keys stay pinned: the config
// names a known_hosts file holding only the pinned keys, under HostKeyAlias = the
// host's name, with StrictHostKeyChecking yes.
#include <filesystem>
#include <string>
#include <vector>

#include "provisioner/transport/ssh_target.hpp"

namespace klab::provisioner {

/// "kube-master1 ssh-ed25519 AAAA..." (the key's comment dropped).
std::string known_hosts_line(const SshTarget& target);

/// One "Host <name>" block per target, pointing at `known_hosts`.
std::string render_ssh_config(const std::vector<SshTarget>& targets, const std::filesystem::path& known_hosts);

struct OpenSshFiles {
  std::filesystem::path config;
  std::filesystem::path known_hosts;
};

/// Writes `dir`/ssh_config and `dir`/known_hosts (0600) for the targets.
/// Throws klab::Error naming the file when it cannot be written.
OpenSshFiles write_openssh_files(const std::vector<SshTarget>& targets, const std::filesystem::path& dir);

/// {"ssh", "-F", CONFIG, HOST}: an interactive login with the pinned key.
std::vector<std::string> interactive_ssh_argv(const SshTarget& target, const OpenSshFiles& files);

/// Replaces the process with `argv` (PATH lookup). Returns only by throwing
/// klab::Error (e.g. "ssh not found: apt-get install openssh-client").
[[noreturn]] void exec_program(const std::vector<std::string>& argv);

}  // namespace klab::provisioner
