#pragma once
// Owning wrappers for the libssh objects klab uses (keys, fingerprints, sessions,
// channels, events): every handle is owned on the line it is obtained.
#include <libssh/libssh.h>

#include <memory>

namespace klab::base {

struct SshSessionDeleter {
  void operator()(ssh_session s) const {
    if (ssh_is_connected(s)) ssh_disconnect(s);
    ssh_free(s);
  }
};
using SshSession = std::unique_ptr<ssh_session_struct, SshSessionDeleter>;

struct SshChannelDeleter {
  // ssh_channel_free also sends CLOSE for a channel still open on our side.
  void operator()(ssh_channel c) const { ssh_channel_free(c); }
};
using SshChannel = std::unique_ptr<ssh_channel_struct, SshChannelDeleter>;

struct SshKeyDeleter {
  void operator()(ssh_key key) const { ssh_key_free(key); }
};
using SshKey = std::unique_ptr<ssh_key_struct, SshKeyDeleter>;

// Strings libssh hands out (exports, fingerprints) are freed with ssh_string_free_char.
struct SshCharDeleter {
  void operator()(char* s) const { ssh_string_free_char(s); }
};
using SshCString = std::unique_ptr<char, SshCharDeleter>;

struct SshHashDeleter {
  void operator()(unsigned char* hash) const { ssh_clean_pubkey_hash(&hash); }
};
using SshHash = std::unique_ptr<unsigned char, SshHashDeleter>;

struct SshKnownHostsEntryDeleter {
  void operator()(ssh_knownhosts_entry* entry) const { ssh_knownhosts_entry_free(entry); }
};
using SshKnownHostsEntry = std::unique_ptr<ssh_knownhosts_entry, SshKnownHostsEntryDeleter>;

/// An ssh_event polling one session; removes the session before freeing the event.
class SshEvent {
 public:
  explicit SshEvent(ssh_session session) : session_(session), event_(ssh_event_new()) {
    if (event_ && ssh_event_add_session(event_.get(), session_) != SSH_OK) event_.reset();
  }
  ~SshEvent() {
    if (event_) ssh_event_remove_session(event_.get(), session_);
  }
  SshEvent(const SshEvent&) = delete;
  SshEvent& operator=(const SshEvent&) = delete;
  explicit operator bool() const { return event_ != nullptr; }
  ssh_event get() const { return event_.get(); }

 private:
  struct Free {
    void operator()(ssh_event e) const { ssh_event_free(e); }
  };
  ssh_session session_;
  std::unique_ptr<ssh_event_struct, Free> event_;
};

}  // namespace klab::base
