#pragma once
// Owning wrappers for the libssh objects the key code uses (internal to cloud-init/).
#include <libssh/libssh.h>

#include <memory>
#include <string>

namespace klab::cloudinit::detail {

struct SshKeyDeleter {
  void operator()(ssh_key key) const { ssh_key_free(key); }
};
using SshKeyPtr = std::unique_ptr<ssh_key_struct, SshKeyDeleter>;

// Strings libssh hands out (exports, fingerprints) are freed with ssh_string_free_char.
struct SshCharDeleter {
  void operator()(char* s) const { ssh_string_free_char(s); }
};
using SshCharPtr = std::unique_ptr<char, SshCharDeleter>;

struct SshHashDeleter {
  void operator()(unsigned char* hash) const { ssh_clean_pubkey_hash(&hash); }
};
using SshHashPtr = std::unique_ptr<unsigned char, SshHashDeleter>;

struct KnownHostsEntryDeleter {
  void operator()(ssh_knownhosts_entry* entry) const { ssh_knownhosts_entry_free(entry); }
};
using KnownHostsEntryPtr = std::unique_ptr<ssh_knownhosts_entry, KnownHostsEntryDeleter>;

}  // namespace klab::cloudinit::detail
