#pragma once
// Waiting for a booting host to accept SSH, as `klab up` does: the host counts as
// ready only after an authenticated command ran, with the lab key and the pinned host
// key, so "port open" or "sshd up but keys not yet installed" do not count.
#include <chrono>

#include "provisioner/transport/ssh_connect.hpp"
#include "provisioner/transport/ssh_target.hpp"

namespace klab::provisioner {

struct SshReadiness {
  std::chrono::milliseconds elapsed{0};  // until the first authenticated command succeeded
  int attempts = 0;                      // connection attempts, the successful one included
};

/// Retries transient failures until `deadline` (a budget from now). Throws klab::Error
/// naming the host: at once for a host-key mismatch or a refused key, at the deadline
/// with attempts, elapsed time and the last error otherwise.
SshReadiness wait_for_ssh(const SshTarget& target, std::chrono::milliseconds deadline,
                          const ConnectProgress& progress = {});

}  // namespace klab::provisioner
