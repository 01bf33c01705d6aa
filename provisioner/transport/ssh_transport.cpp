#include "provisioner/transport/ssh_transport.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "provisioner/transport/deadline.hpp"
#include "provisioner/transport/remote_deadline.hpp"
#include "provisioner/transport/upload_script.hpp"

namespace klab::provisioner {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

SshTransport::SshTransport(SshTarget target)
    : target_(std::move(target)),
      host_key_(PinnedHostKey::parse(target_.host_key, target_.host + ": pinned host key")),
      private_key_(load_private_key(target_.private_key, target_.host)) {}

bool SshTransport::connected() const {
  std::lock_guard lock(mutex_);
  return session_ && ssh_is_connected(session_.get());
}

void SshTransport::disconnect() {
  std::lock_guard lock(mutex_);
  session_.reset();
}

ConnectReport SshTransport::connect(const ConnectProgress& progress) {
  std::lock_guard lock(mutex_);
  ConnectReport report;
  ensure_session(deadline_after(target_.reconnect_deadline), &report, progress);
  return report;
}

bool SshTransport::ensure_session(Clock::time_point deadline, ConnectReport* report,
                                  const ConnectProgress& progress) {
  if (session_ && ssh_is_connected(session_.get())) return false;
  session_.reset();
  deadline = std::min(deadline, deadline_after(target_.reconnect_deadline));
  session_ = connect_authenticated(target_, host_key_, private_key_.get(), deadline, report, progress);
  count_connect();
  return true;
}

ExecOutcome SshTransport::execute(ExecRequest request) {
  std::lock_guard lock(mutex_);
  const std::string command = request.command;
  // Each attempt: the host enforces what is left of the deadline, and blocking SSH
  // steps (channel open, exec request) may not outlive it either.
  auto attempt = [&] {
    const milliseconds left = remaining(request.deadline);
    request.command = with_remote_deadline(command, left);
    set_session_timeout(session_.get(), std::clamp(left, milliseconds(1), target_.connect_timeout));
    return exec_command(session_.get(), request);
  };
  const bool fresh = ensure_session(request.deadline);
  ExecOutcome outcome = attempt();
  if (outcome.status == ExecStatus::not_started && !fresh) {
    // The session died while idle; the command never reached the host, so a retry on
    // a new session is safe.
    session_.reset();
    ensure_session(request.deadline);
    outcome = attempt();
  }
  if (outcome.status == ExecStatus::connection_lost ||
      (outcome.status == ExecStatus::not_started && !ssh_is_connected(session_.get()))) {
    session_.reset();  // the next call reconnects
  } else {
    set_session_timeout(session_.get(), target_.connect_timeout);
  }
  return outcome;
}

CommandResult SshTransport::result_or_throw(ExecOutcome outcome, const std::string& what, milliseconds deadline) {
  CommandResult& r = outcome.result;
  switch (outcome.status) {
    case ExecStatus::completed:
      return std::move(r);
    case ExecStatus::timed_out:
      throw infra_error(target_.describe() + ": " + what + " timed out after " + format_duration(deadline) +
                            " and was killed",
                        "output so far:\n" + output_tail(r.stdout_text, r.stderr_text));
    case ExecStatus::connection_lost:
      throw infra_error(target_.describe() + ": connection lost after " + format_duration(r.duration) +
                            " while running " + what + " (" + outcome.error +
                            "); it may or may not have completed. Did the host reboot? See `klab status`.",
                        "output so far:\n" + output_tail(r.stdout_text, r.stderr_text));
    case ExecStatus::not_started:
      break;
  }
  throw infra_error(target_.describe() + ": could not start " + what + ": " + outcome.error);
}

CommandResult SshTransport::do_run(const std::string& command, milliseconds deadline,
                                   const std::string& stdin_data) {
  ExecRequest request{command, stdin_data, deadline_after(deadline), nullptr};
  return result_or_throw(execute(std::move(request)), "command `" + command_summary(command) + "`", deadline);
}

CommandResult SshTransport::run_streaming(const std::string& command, milliseconds deadline,
                                          const OutputSink& sink, const std::string& stdin_data) {
  const auto start = Clock::now();
  struct Count {
    SshTransport& self;
    Clock::time_point start;
    ~Count() { self.count_command(elapsed_since(start)); }
  } count{*this, start};
  ExecRequest request{command, stdin_data, deadline_after(deadline), &sink};
  return result_or_throw(execute(std::move(request)), "command `" + command_summary(command) + "`", deadline);
}

void SshTransport::do_upload(const std::vector<FileUpload>& files, milliseconds deadline) {
  validate_uploads(files, target_.host);
  const std::string what = "the upload of " + describe_uploads(files);
  ExecRequest request{upload_command, render_upload_script(files), deadline_after(deadline), nullptr};
  CommandResult result = result_or_throw(execute(std::move(request)), what, deadline);
  if (!result.ok()) {
    throw infra_error(target_.describe() + ": " + what + " failed (exit status " +
                          std::to_string(result.exit_status) + "): " + command_summary(result.stderr_text, 300),
                      output_tail(result.stdout_text, result.stderr_text));
  }
}

}  // namespace klab::provisioner
