#pragma once
// One command on an open, authenticated session: one exec channel, stdin sent, stdout
// and stderr collected (or streamed) as they arrive, exit status or signal. Event-driven
// (libssh channel callbacks + ssh_event), so it wakes on output rather than polling.
// On the deadline the command's process group is sent SIGKILL (the SSH "signal"
// request; OpenSSH delivers it with killpg) and the channel is closed.
// No exceptions: the caller decides what each outcome means.
#include <chrono>
#include <string>

#include "base/libssh_handles.hpp"
#include "provisioner/transport/transport.hpp"

namespace klab::provisioner {

struct ExecRequest {
  std::string command;
  std::string stdin_data;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  const OutputSink* sink = nullptr;  // set: output goes there, not into the result
};

enum class ExecStatus {
  completed,        // the command ran and exited (any exit status)
  timed_out,        // the deadline passed; the command was killed
  not_started,      // no channel could be opened: the command never reached the host
  connection_lost,  // the session failed after the command was sent
};

struct ExecOutcome {
  ExecStatus status = ExecStatus::not_started;
  CommandResult result;  // output so far in every case
  std::string error;     // libssh's reason for not_started / connection_lost
};

ExecOutcome exec_command(ssh_session session, const ExecRequest& request);

/// 128 + the signal's number for an SSH signal name ("KILL" -> 137); 255 if unknown.
int exit_status_for_signal(const std::string& name);

}  // namespace klab::provisioner
