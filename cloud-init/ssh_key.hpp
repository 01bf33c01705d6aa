#pragma once
// Ed25519 SSH key pairs as OpenSSH text, made and read with libssh's pki API.
// The private key is kept byte for byte as stored: libssh's export salts each
// export, so re-exporting would change the seed documents (and the instance-id).
#include <string>

namespace klab::cloudinit {

struct SshKeyPair {
  std::string private_key;  // "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n", unencrypted
  std::string public_key;   // authorized_keys form "ssh-ed25519 AAAA... comment", no newline
  bool operator==(const SshKeyPair&) const = default;
};

/// A fresh ed25519 key pair; `comment` ends the public line.
SshKeyPair generate_ed25519_key(const std::string& comment);

/// The public line for an unencrypted OpenSSH ed25519 private key. Throws klab::Error
/// (infrastructure) when the text is not one.
std::string public_key_of(const std::string& private_key, const std::string& comment);

/// True when two public lines ("type base64 [comment]") hold the same key; comments do
/// not count. Throws klab::Error when either line is not a public key.
bool same_public_key(const std::string& a, const std::string& b);

/// "SHA256:<base64>" as `ssh-keygen -l` prints it, for messages and pinning checks.
std::string fingerprint_sha256(const std::string& public_key);

}  // namespace klab::cloudinit
