#pragma once
// Everything needed to reach one host over SSH the way klab does: as root, with the
// lab's ed25519 key, and only if the host presents the host key klab generated for it.
#include <chrono>
#include <filesystem>
#include <string>

namespace klab::provisioner {

struct SshTarget {
  std::string host;                    // name used in every message: kube-master1
  std::string address;                 // IP address or DNS name to connect to
  int port = 22;
  std::string user = "root";
  std::filesystem::path private_key;   // the lab's ed25519 private key (OpenSSH format)
  std::string host_key;                // pinned public key, one OpenSSH line: "ssh-ed25519 AAAA... [comment]"
  /// One TCP connect + handshake attempt, and any single blocking SSH exchange.
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(10);
  /// Total time to keep retrying transient failures when (re)connecting before a
  /// command, e.g. while the host reboots.
  std::chrono::milliseconds reconnect_deadline = std::chrono::seconds(60);

  std::string endpoint() const { return address + ":" + std::to_string(port); }
  /// "kube-master1 (192.168.49.151:22)": how messages name the host.
  std::string describe() const { return host + " (" + endpoint() + ")"; }
};

/// Reads a pinned host key from an OpenSSH .pub file (its first non-empty line).
/// Throws klab::Error (infrastructure) naming the file when it cannot be read.
std::string read_public_key_file(const std::filesystem::path& path);

}  // namespace klab::provisioner
