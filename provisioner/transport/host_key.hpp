#pragma once
// Host-key pinning. klab generates every host's SSH host keys itself (cloud-init
// installs them), so there is no trust-on-first-use: the server must present exactly
// the pinned key, and anything else is refused with both fingerprints.
#include <string>

#include "base/libssh_handles.hpp"

namespace klab::provisioner {

class PinnedHostKey {
 public:
  /// Parses "TYPE BASE64 [comment]". `origin` names where it came from, for errors.
  /// Throws klab::Error (usage: it is configuration) when the line is not a key.
  static PinnedHostKey parse(const std::string& openssh_line, const std::string& origin);

  /// "ssh-ed25519": also the only host key algorithm offered during key exchange, so
  /// a server holding several host keys presents the pinned one.
  const std::string& type() const { return type_; }
  /// "SHA256:..." as `ssh-keygen -l` prints it.
  const std::string& fingerprint() const { return fingerprint_; }
  ssh_key key() const { return key_.get(); }
  bool matches(ssh_key server_key) const;

 private:
  base::SshKey key_;
  std::string type_;
  std::string fingerprint_;
};

/// "SHA256:..." for any public key. Throws klab::Error when libssh cannot hash it.
std::string sha256_fingerprint(ssh_key key);

/// The host-key algorithm name for a key ("ssh-ed25519", "ecdsa-sha2-nistp256", ...).
std::string host_key_algorithm(ssh_key key);

}  // namespace klab::provisioner
