#pragma once
// Owning wrappers for libssh handles: every handle is owned on the line it is obtained.
#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include <memory>

namespace klab::provisioner::ssh {

struct SessionDeleter {
  void operator()(ssh_session s) const {
    if (ssh_is_connected(s)) ssh_disconnect(s);
    ssh_free(s);
  }
};
using Session = std::unique_ptr<ssh_session_struct, SessionDeleter>;

struct ChannelDeleter {
  // ssh_channel_free also sends CLOSE for a channel still open on our side.
  void operator()(ssh_channel c) const { ssh_channel_free(c); }
};
using Channel = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;

struct KeyDeleter {
  void operator()(ssh_key k) const { ssh_key_free(k); }
};
using Key = std::unique_ptr<ssh_key_struct, KeyDeleter>;

struct CharDeleter {
  void operator()(char* p) const { ssh_string_free_char(p); }
};
using CString = std::unique_ptr<char, CharDeleter>;

struct HashDeleter {
  void operator()(unsigned char* p) const { ssh_clean_pubkey_hash(&p); }
};
using Hash = std::unique_ptr<unsigned char, HashDeleter>;

/// An ssh_event polling one session; removes the session before freeing the event.
class Event {
 public:
  explicit Event(ssh_session session) : session_(session), event_(ssh_event_new()) {
    if (event_ && ssh_event_add_session(event_.get(), session_) != SSH_OK) event_.reset();
  }
  ~Event() {
    if (event_) ssh_event_remove_session(event_.get(), session_);
  }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  explicit operator bool() const { return event_ != nullptr; }
  ssh_event get() const { return event_.get(); }

 private:
  struct Free {
    void operator()(ssh_event e) const { ssh_event_free(e); }
  };
  ssh_session session_;
  std::unique_ptr<ssh_event_struct, Free> event_;
};

}  // namespace klab::provisioner::ssh
