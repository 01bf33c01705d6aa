#pragma once
// `klab ssh HOST -- CMD`: CMD through libssh (pinned host key, the lab key), its
// output streamed as it arrives, its exit status returned as klab's exit status.
#include <chrono>
#include <string>
#include <vector>

#include "provisioner/transport/ssh_transport.hpp"

namespace klab::provisioner {

/// Joins words with single spaces, as OpenSSH does: the remote shell parses them,
/// so `klab ssh h -- 'echo $HOSTNAME'` and `ssh h 'echo $HOSTNAME'` behave the same.
std::string join_remote_command(const std::vector<std::string>& words);

/// A sink writing stdout/stderr bytes to the two file descriptors, unbuffered.
OutputSink fd_sink(int out_fd, int err_fd);

/// Runs `command`, streaming its output to `out_fd`/`err_fd`; returns its exit
/// status (128+N when killed by signal N). Throws klab::Error for SSH failures.
int run_remote_command(SshTransport& transport, const std::string& command, int out_fd, int err_fd,
                       std::chrono::milliseconds deadline = no_deadline);

}  // namespace klab::provisioner
