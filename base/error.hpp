#pragma once
// klab::Error — the one exception type klab throws for failures a user must act on.
// Each carries a category that maps onto the process exit code (DESIGN.md), a message
// saying what to do, and optionally the output of a failed command.
#include <exception>
#include <stdexcept>
#include <string>

namespace klab {

enum class ErrorKind {
  usage,           // bad command line or configuration          -> exit 64
  infrastructure,  // libvirt, SSH, images, timeouts              -> exit 2
  check_failed,    // a scenario check or verification failed     -> exit 1
  inconclusive,    // a precondition was not met                  -> exit 3
};

/// Exit codes of the klab process, as documented in DESIGN.md.
namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int check_failed = 1;
inline constexpr int infrastructure = 2;
inline constexpr int inconclusive = 3;
inline constexpr int usage = 64;
inline constexpr int interrupted = 130;
}  // namespace exit_code

int exit_code_for(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, std::string detail = {})
      : std::runtime_error(std::move(message)), kind_(kind), detail_(std::move(detail)) {}

  ErrorKind kind() const { return kind_; }
  /// Extra text shown with -v or under the message: command output, libvirt codes.
  const std::string& detail() const { return detail_; }

 private:
  ErrorKind kind_;
  std::string detail_;
};

/// Shorthands: throw usage_error("...") reads better at call sites.
inline Error usage_error(std::string message) { return Error(ErrorKind::usage, std::move(message)); }
inline Error infra_error(std::string message, std::string detail = {}) {
  return Error(ErrorKind::infrastructure, std::move(message), std::move(detail));
}

/// Re-throws `e` with `context + ": "` prepended, keeping its kind and detail.
[[noreturn]] void rethrow_with_context(const Error& e, const std::string& context);

/// One line for any exception: "what()" of a std::exception, "unknown exception" else.
/// For the places that must turn a foreign exception into a message (the CLI's last
/// catch, a worker thread handing its failure to the thread that waits for it).
std::string exception_text(const std::exception_ptr& e);

/// strerror(errno) that is safe from any thread.
std::string errno_string(int err);

}  // namespace klab
