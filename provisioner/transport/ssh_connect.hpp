#pragma once
// Opening an authenticated SSH session to one host: TCP connect, key exchange offering
// only the pinned host-key algorithm, the pinned-key check, public-key auth as the
// target user. Failures a booting VM produces (connection refused, timeouts, no route,
// a connection reset during the handshake) are retried until a deadline; a wrong host
// key, a refused client key or a missing host-key type fail at once.
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include "provisioner/transport/host_key.hpp"
#include "base/libssh_handles.hpp"
#include "provisioner/transport/ssh_target.hpp"

namespace klab::provisioner {

struct ConnectAttempt {
  int number = 0;                     // 1-based
  std::chrono::milliseconds elapsed{0};
  std::string error;                  // why this attempt failed (transient)
};
/// Called after every failed transient attempt, e.g. to show progress.
using ConnectProgress = std::function<void(const ConnectAttempt&)>;

struct ConnectReport {
  int attempts = 0;
  std::chrono::milliseconds elapsed{0};
  std::string last_error;             // of the last failed attempt, if any
};

/// Loads the lab's private key. Throws klab::Error naming the file and the host.
base::SshKey load_private_key(const std::filesystem::path& path, const std::string& host);

/// Connects and authenticates, retrying transient failures until `deadline`.
/// Throws klab::Error (infrastructure) naming the host: at once for a host-key
/// mismatch (both fingerprints), a refused key or no common host-key algorithm; at
/// the deadline with the attempt count and the last error otherwise.
base::SshSession connect_authenticated(const SshTarget& target, const PinnedHostKey& host_key,
                                   ssh_key private_key, std::chrono::steady_clock::time_point deadline,
                                   ConnectReport* report = nullptr, const ConnectProgress& progress = {});

/// Whether a libssh connect error is worth retrying (connection-level trouble) rather
/// than a configuration mismatch that retrying cannot fix.
bool is_transient_connect_error(const std::string& libssh_message);

/// Sets libssh's blocking-call timeout on a session (millisecond resolution, > 0).
void set_session_timeout(ssh_session session, std::chrono::milliseconds timeout);

}  // namespace klab::provisioner
