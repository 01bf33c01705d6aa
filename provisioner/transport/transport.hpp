#pragma once
// Transport: how the provisioner and the scenarios reach one host. Abstract so that
// phases and scenarios can be unit-tested with a fake; SshTransport is the real one.
//
// Every call is one round trip (one SSH exec channel), and round trips are what a TCG
// guest makes expensive (seconds each), so the base class counts them: a phase takes
// stats() before and after and reports the difference. Implementations override
// do_run/do_upload; the public run/upload count, time and delegate.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace klab::provisioner {

/// For run(): wait as long as the command takes.
inline constexpr std::chrono::milliseconds no_deadline = std::chrono::milliseconds::max();

struct CommandResult {
  int exit_status = -1;        // the command's exit code; 128+N when killed by signal N
  std::string stdout_text;     // exactly the bytes the command wrote
  std::string stderr_text;
  std::chrono::milliseconds duration{0};
  std::string exit_signal;     // "KILL", "TERM" ... when killed by a signal
  bool ok() const { return exit_status == 0; }
};

/// One file for upload(). `content` is bytes (binary-safe).
struct FileUpload {
  std::string path;            // absolute; parent directories are created
  std::string content;
  unsigned mode = 0644;
  std::string owner = "root";  // user and group must exist on the host
  std::string group = "root";
};

struct TransportStats {
  std::uint64_t round_trips = 0;     // commands + uploads: one exec channel each
  std::uint64_t commands = 0;
  std::uint64_t uploads = 0;         // upload() calls (each sends many files at once)
  std::uint64_t files_uploaded = 0;
  std::uint64_t bytes_uploaded = 0;  // file content bytes
  std::uint64_t connects = 0;        // SSH handshakes (first connect and reconnects)
  std::chrono::milliseconds busy{0}; // wall time spent inside run/upload
  TransportStats operator-(const TransportStats& earlier) const;
};

enum class OutputStream { out, err };
/// Receives a command's output as it arrives (for `klab ssh HOST -- CMD`).
using OutputSink = std::function<void(OutputStream, std::string_view)>;

class Transport {
 public:
  virtual ~Transport() = default;

  /// The host's name, used in every message ("kube-master1").
  virtual const std::string& host() const = 0;

  /// Runs `command` through the host's shell and waits for it. A non-zero exit is a
  /// result, not an error. Throws klab::Error (infrastructure) when the host cannot
  /// be reached or the deadline passes (the command is killed; the error names the
  /// command and host and carries the output so far).
  CommandResult run(const std::string& command, std::chrono::milliseconds deadline,
                    const std::string& stdin_data = {});

  /// Writes every file (content, mode, owner, group) in ONE round trip; each file is
  /// replaced atomically. Throws klab::Error naming the host and files on failure.
  void upload(const std::vector<FileUpload>& files,
              std::chrono::milliseconds deadline = std::chrono::minutes(2));

  TransportStats stats() const;

 protected:
  virtual CommandResult do_run(const std::string& command, std::chrono::milliseconds deadline,
                               const std::string& stdin_data) = 0;
  virtual void do_upload(const std::vector<FileUpload>& files, std::chrono::milliseconds deadline) = 0;
  void count_connect();
  /// For commands an implementation runs outside run() (streaming).
  void count_command(std::chrono::milliseconds busy);

 private:
  mutable std::mutex stats_mutex_;
  TransportStats stats_;
};

/// run() and throw klab::Error (infrastructure) naming host and command with the
/// output's tail when the exit status is not 0.
CommandResult run_checked(Transport& transport, const std::string& command,
                          std::chrono::milliseconds deadline, const std::string& stdin_data = {});

/// The last `max_lines` lines of a command's stdout and stderr, labelled, for errors.
std::string output_tail(const std::string& stdout_text, const std::string& stderr_text,
                        std::size_t max_lines = 20);

/// `command` shortened to one line of at most `max_chars` for messages.
std::string command_summary(const std::string& command, std::size_t max_chars = 120);

}  // namespace klab::provisioner
