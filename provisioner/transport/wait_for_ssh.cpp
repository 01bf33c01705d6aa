#include "provisioner/transport/wait_for_ssh.hpp"

#include <algorithm>
#include <thread>

#include "base/error.hpp"
#include "provisioner/transport/deadline.hpp"
#include "provisioner/transport/ssh_exec.hpp"
#include "base/libssh_handles.hpp"

namespace klab::provisioner {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

SshReadiness wait_for_ssh(const SshTarget& target, milliseconds deadline, const ConnectProgress& progress) {
  const auto start = Clock::now();
  const auto until = deadline_after(deadline);
  const PinnedHostKey host_key = PinnedHostKey::parse(target.host_key, target.host + ": pinned host key");
  const base::SshKey private_key = load_private_key(target.private_key, target.host);
  SshReadiness readiness;
  while (true) {
    ConnectReport report;
    base::SshSession session = connect_authenticated(target, host_key, private_key.get(), until, &report, progress);
    readiness.attempts += report.attempts;
    // A booting host may accept a login and drop the connection right after; only a
    // command that completed proves the host is usable.
    ExecOutcome probe = exec_command(session.get(), {"true", {}, until, nullptr});
    if (probe.status == ExecStatus::completed) {
      if (!probe.result.ok()) {
        throw infra_error(target.describe() + ": logged in, but `true` exited with status " +
                          std::to_string(probe.result.exit_status) + ": " + probe.result.stderr_text);
      }
      readiness.elapsed = elapsed_since(start);
      return readiness;
    }
    if (remaining(until) <= milliseconds(0)) {
      throw infra_error(target.describe() + ": SSH login works but a first command did not complete in " +
                        format_duration(elapsed_since(start)) + " (" + std::to_string(readiness.attempts) +
                        " attempt(s)): " + (probe.error.empty() ? probe.result.stderr_text : probe.error));
    }
    if (progress) progress({readiness.attempts, elapsed_since(start), "first command failed: " + probe.error});
    std::this_thread::sleep_for(std::min(milliseconds(200), remaining(until)));  // pace the retry
  }
}

}  // namespace klab::provisioner
