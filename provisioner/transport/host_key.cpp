#include "provisioner/transport/host_key.hpp"

#include <sstream>

#include "base/error.hpp"

namespace klab::provisioner {

PinnedHostKey PinnedHostKey::parse(const std::string& openssh_line, const std::string& origin) {
  std::istringstream fields(openssh_line);
  std::string type, base64;
  fields >> type >> base64;
  const ssh_keytypes_e key_type = type.empty() ? SSH_KEYTYPE_UNKNOWN : ssh_key_type_from_name(type.c_str());
  if (key_type == SSH_KEYTYPE_UNKNOWN || base64.empty()) {
    throw usage_error(origin + ": not an OpenSSH public key line (expected \"ssh-ed25519 AAAA... [comment]\"): \"" +
                      openssh_line.substr(0, 60) + "\"");
  }
  ssh_key raw = nullptr;
  if (ssh_pki_import_pubkey_base64(base64.c_str(), key_type, &raw) != SSH_OK) {
    throw usage_error(origin + ": the " + type + " public key does not decode; regenerate the lab's host keys");
  }
  PinnedHostKey pinned;
  pinned.key_.reset(raw);
  pinned.type_ = host_key_algorithm(raw);
  pinned.fingerprint_ = sha256_fingerprint(raw);
  return pinned;
}

bool PinnedHostKey::matches(ssh_key server_key) const {
  return server_key != nullptr && ssh_key_cmp(key_.get(), server_key, SSH_KEY_CMP_PUBLIC) == 0;
}

std::string sha256_fingerprint(ssh_key key) {
  unsigned char* raw_hash = nullptr;
  size_t len = 0;
  if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &raw_hash, &len) != SSH_OK) {
    throw infra_error("libssh could not compute a SHA256 fingerprint of a public key");
  }
  base::SshHash hash(raw_hash);
  base::SshCString text(ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash.get(), len));
  if (!text) throw infra_error("libssh could not format a SHA256 fingerprint");
  return text.get();
}

std::string host_key_algorithm(ssh_key key) {
  switch (ssh_key_type(key)) {
    // The RSA key type is named "ssh-rsa", but OpenSSH >= 8.8 only signs with SHA-2.
    case SSH_KEYTYPE_RSA: return "rsa-sha2-512,rsa-sha2-256";
    default: {
      const char* name = ssh_key_type_to_char(ssh_key_type(key));
      return name ? name : "unknown";
    }
  }
}

}  // namespace klab::provisioner
