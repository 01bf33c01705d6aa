#include "cloud-init/ssh_key.hpp"

#include <sstream>

#include "base/libssh_handles.hpp"
#include "base/error.hpp"

namespace klab::cloudinit {

namespace {

base::SshKey import_private(const std::string& private_key) {
  ssh_key raw = nullptr;
  const int rc = ssh_pki_import_privkey_base64(private_key.c_str(), nullptr, nullptr, nullptr, &raw);
  base::SshKey key(raw);
  if (rc != SSH_OK || !key) {
    throw infra_error("not a readable OpenSSH private key (encrypted keys are not supported)");
  }
  if (ssh_key_type(key.get()) != SSH_KEYTYPE_ED25519) {
    throw infra_error(std::string("expected an ed25519 key, found ") +
                      ssh_key_type_to_char(ssh_key_type(key.get())));
  }
  return key;
}

base::SshKey import_public(const std::string& line) {
  std::istringstream fields(line);
  std::string type_name, blob;
  fields >> type_name >> blob;
  const ssh_keytypes_e type = ssh_key_type_from_name(type_name.c_str());
  ssh_key raw = nullptr;
  const int rc = type == SSH_KEYTYPE_UNKNOWN
                     ? SSH_ERROR
                     : ssh_pki_import_pubkey_base64(blob.c_str(), type, &raw);
  base::SshKey key(raw);
  if (rc != SSH_OK || !key) {
    throw infra_error("not an SSH public key line (\"<type> <base64> [comment]\"): \"" + line + "\"");
  }
  return key;
}

std::string public_line(ssh_key key, const std::string& comment) {
  char* raw = nullptr;
  const int rc = ssh_pki_export_pubkey_base64(key, &raw);
  base::SshCString blob(raw);
  if (rc != SSH_OK || !blob) throw infra_error("libssh could not export a public key");
  std::string line = std::string(ssh_key_type_to_char(ssh_key_type(key))) + " " + blob.get();
  if (!comment.empty()) line += " " + comment;
  return line;
}

}  // namespace

SshKeyPair generate_ed25519_key(const std::string& comment) {
  ssh_key raw = nullptr;
  const int rc = ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &raw);
  base::SshKey key(raw);
  if (rc != SSH_OK || !key) throw infra_error("libssh could not generate an ed25519 key");

  char* exported = nullptr;
  const int erc = ssh_pki_export_privkey_base64(key.get(), nullptr, nullptr, nullptr, &exported);
  base::SshCString text(exported);
  if (erc != SSH_OK || !text) throw infra_error("libssh could not export an ed25519 private key");

  SshKeyPair pair;
  pair.private_key = text.get();
  if (pair.private_key.empty() || pair.private_key.back() != '\n') pair.private_key += '\n';
  pair.public_key = public_line(key.get(), comment);
  return pair;
}

std::string public_key_of(const std::string& private_key, const std::string& comment) {
  return public_line(import_private(private_key).get(), comment);
}

bool same_public_key(const std::string& a, const std::string& b) {
  return ssh_key_cmp(import_public(a).get(), import_public(b).get(), SSH_KEY_CMP_PUBLIC) == 0;
}

std::string fingerprint_sha256(const std::string& public_key) {
  base::SshKey key = import_public(public_key);
  unsigned char* raw_hash = nullptr;
  size_t length = 0;
  const int rc = ssh_get_publickey_hash(key.get(), SSH_PUBLICKEY_HASH_SHA256, &raw_hash, &length);
  base::SshHash hash(raw_hash);
  if (rc != SSH_OK || !hash) throw infra_error("libssh could not hash a public key");
  base::SshCString text(ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash.get(), length));
  if (!text) throw infra_error("libssh could not format a key fingerprint");
  return text.get();
}

}  // namespace klab::cloudinit
