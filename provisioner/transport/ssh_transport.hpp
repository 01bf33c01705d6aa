#pragma once
// SshTransport: the real Transport, through libssh. One session per host, opened on
// first use and reused for every command and upload (each is one exec channel on it).
// A session found dead before a command (host reset, sshd restart) is replaced and
// the command retried once — safe, because it never reached the host. A connection
// lost while a command runs is an error (the command may or may not have run); the
// next call reconnects. Not for concurrent use: one thread drives one host's
// transport at a time (run_parallel gives each host its own thread).
#include <chrono>
#include <mutex>
#include <string>

#include "provisioner/transport/host_key.hpp"
#include "provisioner/transport/ssh_connect.hpp"
#include "provisioner/transport/ssh_exec.hpp"
#include "provisioner/transport/ssh_target.hpp"
#include "provisioner/transport/transport.hpp"

namespace klab::provisioner {

class SshTransport final : public Transport {
 public:
  /// Parses the pinned host key and loads the private key; no network I/O yet.
  /// Throws klab::Error naming the host when either is unusable.
  explicit SshTransport(SshTarget target);

  const std::string& host() const override { return target_.host; }
  const SshTarget& target() const { return target_; }
  const PinnedHostKey& pinned_host_key() const { return host_key_; }

  /// Opens the session now unless one is open, retrying transient failures until
  /// target().reconnect_deadline. Returns attempts and time taken (zero attempts
  /// when a session was already open).
  ConnectReport connect(const ConnectProgress& progress = {});
  bool connected() const;
  void disconnect();

  /// run(), but output goes to `sink` as it arrives instead of into the result
  /// (`klab ssh HOST -- CMD`). Counted as a round trip.
  CommandResult run_streaming(const std::string& command, std::chrono::milliseconds deadline,
                              const OutputSink& sink, const std::string& stdin_data = {});

 protected:
  CommandResult do_run(const std::string& command, std::chrono::milliseconds deadline,
                       const std::string& stdin_data) override;
  void do_upload(const std::vector<FileUpload>& files, std::chrono::milliseconds deadline) override;

 private:
  ExecOutcome execute(ExecRequest request);
  bool ensure_session(std::chrono::steady_clock::time_point deadline, ConnectReport* report = nullptr,
                      const ConnectProgress& progress = {});
  CommandResult result_or_throw(ExecOutcome outcome, const std::string& what, std::chrono::milliseconds deadline);

  SshTarget target_;
  PinnedHostKey host_key_;
  base::SshKey private_key_;
  mutable std::mutex mutex_;  // guards session_: libssh sessions are single-threaded
  base::SshSession session_;
};

}  // namespace klab::provisioner
