#include "provisioner/transport/ssh_exec.hpp"

#include <libssh/callbacks.h>
#include <signal.h>

#include <algorithm>
#include <exception>
#include <map>
#include <optional>

#include "provisioner/transport/deadline.hpp"

namespace klab::provisioner {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kStdinChunk = 64 * 1024;
constexpr milliseconds kMaxPollSlice{500};

// What the channel callbacks learn; lives on exec_command's stack.
struct ChannelState {
  const OutputSink* sink = nullptr;
  CommandResult* result = nullptr;
  bool closed = false;
  std::optional<int> exit_status;
  std::string exit_signal;
  std::exception_ptr sink_error;  // a throwing sink must not unwind through libssh
};

int on_data(ssh_session, ssh_channel, void* data, uint32_t len, int is_stderr, void* user) {
  auto* state = static_cast<ChannelState*>(user);
  const std::string_view chunk(static_cast<const char*>(data), len);
  if (state->sink) {
    if (!state->sink_error) {
      try {
        (*state->sink)(is_stderr ? OutputStream::err : OutputStream::out, chunk);
      } catch (...) {
        state->sink_error = std::current_exception();
      }
    }
  } else {
    (is_stderr ? state->result->stderr_text : state->result->stdout_text).append(chunk);
  }
  return static_cast<int>(len);  // consumed: libssh grows the window again
}

void on_close(ssh_session, ssh_channel, void* user) { static_cast<ChannelState*>(user)->closed = true; }

void on_exit_status(ssh_session, ssh_channel, int status, void* user) {
  static_cast<ChannelState*>(user)->exit_status = status;
}

void on_exit_signal(ssh_session, ssh_channel, const char* signal, int, const char*, const char*, void* user) {
  static_cast<ChannelState*>(user)->exit_signal = signal ? signal : "?";
}

// Keeps the callbacks registered exactly as long as the state they point to lives.
class CallbackRegistration {
 public:
  CallbackRegistration(ssh_channel channel, ChannelState* state) : channel_(channel) {
    callbacks_.userdata = state;
    callbacks_.channel_data_function = on_data;
    callbacks_.channel_close_function = on_close;
    callbacks_.channel_exit_status_function = on_exit_status;
    callbacks_.channel_exit_signal_function = on_exit_signal;
    ssh_callbacks_init(&callbacks_);
    ssh_set_channel_callbacks(channel_, &callbacks_);
  }
  ~CallbackRegistration() { ssh_remove_channel_callbacks(channel_, &callbacks_); }
  CallbackRegistration(const CallbackRegistration&) = delete;
  CallbackRegistration& operator=(const CallbackRegistration&) = delete;

 private:
  ssh_channel channel_;
  ssh_channel_callbacks_struct callbacks_{};
};

// Writes stdin in chunks so the deadline is checked between them; output keeps
// flowing meanwhile because libssh runs the callbacks while it waits for window.
// Returns false when the deadline passed first.
bool send_stdin(ssh_channel channel, const std::string& data, Clock::time_point deadline,
                const ChannelState& state) {
  std::size_t offset = 0;
  while (offset < data.size() && !state.closed) {
    if (remaining(deadline) <= milliseconds(0)) return false;
    const std::size_t n = std::min(kStdinChunk, data.size() - offset);
    const int written = ssh_channel_write(channel, data.data() + offset, static_cast<uint32_t>(n));
    if (written <= 0) break;  // the command stopped reading (exited): not our failure
    offset += static_cast<std::size_t>(written);
  }
  if (!state.closed && ssh_channel_is_open(channel)) ssh_channel_send_eof(channel);
  return true;
}

int poll_slice(Clock::time_point deadline) {
  const milliseconds left = remaining(deadline);
  return static_cast<int>(std::clamp(left, milliseconds(1), kMaxPollSlice).count());
}

}  // namespace

int exit_status_for_signal(const std::string& name) {
  static const std::map<std::string, int> numbers = {
      {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ILL", SIGILL},   {"ABRT", SIGABRT},
      {"FPE", SIGFPE},   {"KILL", SIGKILL}, {"SEGV", SIGSEGV}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM},
      {"TERM", SIGTERM}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"BUS", SIGBUS},   {"SYS", SIGSYS}};
  auto it = numbers.find(name);
  return it == numbers.end() ? 255 : 128 + it->second;
}

namespace {

// Polls the session until the command's channel closes or the deadline passes. Returns
// false on the deadline; throws nothing; sets `lost` when the connection failed.
bool wait_for_close(ssh_session session, ssh_channel channel, const ChannelState& state,
                    Clock::time_point deadline, std::optional<std::string>& lost) {
  base::SshEvent event(session);
  if (!event) {
    lost = "libssh could not poll the session";
    return true;
  }
  while (!state.closed && ssh_channel_is_open(channel)) {
    if (remaining(deadline) <= milliseconds(0)) return false;
    if (ssh_event_dopoll(event.get(), poll_slice(deadline)) == SSH_ERROR && !state.closed) {
      lost = ssh_get_error(session);
      return true;
    }
  }
  return true;
}

}  // namespace

ExecOutcome exec_command(ssh_session session, const ExecRequest& request) {
  const auto start = Clock::now();
  ExecOutcome outcome;
  auto finish = [&](ExecStatus status, std::string error = {}) {
    outcome.status = status;
    outcome.error = std::move(error);
    outcome.result.duration = elapsed_since(start);
    return std::move(outcome);
  };

  base::SshChannel channel(ssh_channel_new(session));
  if (!channel) return finish(ExecStatus::not_started, ssh_get_error(session));
  if (ssh_channel_open_session(channel.get()) != SSH_OK) {
    return finish(ExecStatus::not_started, ssh_get_error(session));
  }
  ChannelState state;
  state.sink = request.sink;
  state.result = &outcome.result;
  CallbackRegistration callbacks(channel.get(), &state);

  if (ssh_channel_request_exec(channel.get(), request.command.c_str()) != SSH_OK) {
    // Refused by a live server: the command did not start. A dead connection: unknown.
    return ssh_is_connected(session) ? finish(ExecStatus::not_started, ssh_get_error(session))
                                     : finish(ExecStatus::connection_lost, ssh_get_error(session));
  }

  bool in_time = send_stdin(channel.get(), request.stdin_data, request.deadline, state);
  if (in_time) {
    std::optional<std::string> lost;
    in_time = wait_for_close(session, channel.get(), state, request.deadline, lost);
    if (lost) return finish(ExecStatus::connection_lost, *lost);
  }
  if (state.sink_error) std::rethrow_exception(state.sink_error);

  if (!in_time) {
    // Kill the whole process group of the command, then drop the channel.
    ssh_channel_request_send_signal(channel.get(), "KILL");
    return finish(ExecStatus::timed_out);
  }
  if (!state.closed && !ssh_is_connected(session)) {
    return finish(ExecStatus::connection_lost, ssh_get_error(session));
  }
  if (state.exit_status) {
    outcome.result.exit_status = *state.exit_status;
  } else if (!state.exit_signal.empty()) {
    outcome.result.exit_signal = state.exit_signal;
    outcome.result.exit_status = exit_status_for_signal(state.exit_signal);
  } else {
    return finish(ExecStatus::connection_lost, "the channel closed without an exit status");
  }
  return finish(ExecStatus::completed);
}

}  // namespace klab::provisioner
