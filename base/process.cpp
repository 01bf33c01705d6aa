#include "base/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "base/unique_fd.hpp"

extern char** environ;

namespace klab::base {

namespace {

constexpr std::size_t kMaxErrors = 256 * 1024;

struct Pipe {
  UniqueFd read, write;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw infra_error("cannot create a pipe: " + errno_string(errno));
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    std::string_view key = entry.substr(0, entry.find('='));
    bool overridden = false;
    for (const auto& x : extra) overridden = overridden || x.substr(0, x.find('=')) == key;
    if (!overridden) env.emplace_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

/// Splits arriving bytes into lines for the callback.
class LineSplitter {
 public:
  explicit LineSplitter(const std::function<void(std::string_view)>& cb) : cb_(cb) {}
  void feed(std::string_view data) {
    if (!cb_) return;
    pending_.append(data);
    std::size_t nl;
    while ((nl = pending_.find('\n')) != std::string::npos) {
      cb_(std::string_view(pending_).substr(0, nl));
      pending_.erase(0, nl + 1);
    }
  }
  void flush() {
    if (cb_ && !pending_.empty()) cb_(pending_);
    pending_.clear();
  }

 private:
  const std::function<void(std::string_view)>& cb_;
  std::string pending_;
};

[[noreturn]] void child_fail(int report_fd, int err) {
  // Only async-signal-safe calls between fork and exec.
  ssize_t ignored = ::write(report_fd, &err, sizeof err);
  (void)ignored;
  ::_exit(127);
}

}  // namespace

std::optional<std::string> find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path && *path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

std::string describe_command(const std::vector<std::string>& argv) {
  return join(argv, " ", [](const std::string& a) {
    const bool plain = !a.empty() && a.find_first_of(" \t\n'\"$\\`;&|<>*?()") == std::string::npos;
    if (plain) return a;
    std::string quoted = "'";
    for (char c : a) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
  });
}

namespace {

// A started child: its pid, the read ends of its stdout and stderr, and the pipe on
// which it reports an exec failure (closed unread when the exec worked).
struct Child {
  pid_t pid = -1;
  UniqueFd out, err, report;
};

Child spawn(const std::string& program, std::vector<std::string> args, const ProcessOptions& options) {
  std::vector<std::string> env = merged_environment(options.env);
  std::vector<char*> c_args = c_strings(args);
  std::vector<char*> c_env = c_strings(env);
  const std::string cwd = options.cwd ? options.cwd->string() : std::string();
  UniqueFd null_in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!null_in) throw infra_error("cannot open /dev/null: " + errno_string(errno));
  Pipe out = make_pipe(), err = make_pipe(), report = make_pipe();
  const pid_t pid = ::fork();
  if (pid < 0) throw infra_error("cannot fork to run " + args[0] + ": " + errno_string(errno));
  if (pid == 0) {
    if (::dup2(null_in.get(), 0) < 0 || ::dup2(out.write.get(), 1) < 0 || ::dup2(err.write.get(), 2) < 0) {
      child_fail(report.write.get(), errno);
    }
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) child_fail(report.write.get(), errno);
    ::execve(program.c_str(), c_args.data(), c_env.data());
    child_fail(report.write.get(), errno);
  }
  return Child{pid, std::move(out.read), std::move(err.read), std::move(report.read)};
}

// Reads stdout and stderr until both close, feeding lines to the callback; keeps the
// last kMaxErrors bytes of stderr.
void collect_output(Child& child, const ProcessOptions& options, ProcessResult& result) {
  LineSplitter out_lines(options.on_line), err_lines(options.on_line);
  pollfd fds[2] = {{child.out.get(), POLLIN, 0}, {child.err.get(), POLLIN, 0}};
  int open_streams = 2;
  char buf[65536];
  while (open_streams > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        fds[i].fd = -1;
        --open_streams;
        continue;
      }
      const std::string_view chunk(buf, static_cast<std::size_t>(got));
      if (i == 0) {
        result.output.append(chunk);
        out_lines.feed(chunk);
      } else {
        result.errors.append(chunk);
        if (result.errors.size() > 2 * kMaxErrors) result.errors.erase(0, result.errors.size() - kMaxErrors);
        err_lines.feed(chunk);
      }
    }
  }
  out_lines.flush();
  err_lines.flush();
  if (result.errors.size() > kMaxErrors) result.errors.erase(0, result.errors.size() - kMaxErrors);
}

// The child's exit code (128 + signal when killed); throws when its exec failed.
int wait_exit(const Child& child, const std::string& name) {
  int status = 0;
  while (::waitpid(child.pid, &status, 0) < 0) {
    if (errno != EINTR) throw infra_error("waitpid for " + name + ": " + errno_string(errno));
  }
  int exec_errno = 0;
  if (::read(child.report.get(), &exec_errno, sizeof exec_errno) == sizeof exec_errno) {
    throw infra_error("cannot run '" + name + "': " + errno_string(exec_errno));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  if (argv.empty()) throw infra_error("run_process: empty command");
  const std::optional<std::string> program = find_program(argv[0]);
  if (!program) {
    throw infra_error("cannot run '" + argv[0] + "': not found in PATH: install it (scripts/install-deps)");
  }
  Child child = spawn(*program, argv, options);
  ProcessResult result;
  collect_output(child, options, result);
  result.exit_code = wait_exit(child, argv[0]);
  return result;
}

std::string run_checked(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ProcessResult r = run_process(argv, options);
  if (!r.ok()) {
    std::string last_line = r.errors;
    while (!last_line.empty() && last_line.back() == '\n') last_line.pop_back();
    if (auto nl = last_line.rfind('\n'); nl != std::string::npos) last_line.erase(0, nl + 1);
    throw infra_error(argv[0] + " failed with exit status " + std::to_string(r.exit_code) +
                          (last_line.empty() ? "" : ": " + last_line),
                      describe_command(argv) + "\n" + r.errors);
  }
  return std::move(r.output);
}

}  // namespace klab::base
