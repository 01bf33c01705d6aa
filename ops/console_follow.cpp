#include "ops/console_follow.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace klab::ops {

namespace {

// The followed file: open descriptor, identity and how far it has been read.
class Reader {
 public:
  explicit Reader(std::filesystem::path path) : path_(std::move(path)) {}

  // Reads whatever is new, reopening when the file was replaced or truncated.
  void drain(const TextSink& sink) {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
      if (errno != ENOENT) fail("cannot stat", errno);
      fd_.reset();  // gone (lab removed): wait for it to come back
      return;
    }
    if (!fd_ || st.st_ino != inode_ || st.st_dev != device_) reopen(st);
    else if (st.st_size < offset_) offset_ = 0;  // truncated: the domain restarted
    std::array<char, 65536> buf;
    for (;;) {
      const ssize_t n = ::pread(fd_.get(), buf.data(), buf.size(), offset_);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("cannot read", errno);
      if (n == 0) return;
      offset_ += n;
      sink(std::string_view(buf.data(), static_cast<std::size_t>(n)));
    }
  }

 private:
  void reopen(const struct stat& st) {
    fd_.reset(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd_) fail("cannot open", errno);
    inode_ = st.st_ino;
    device_ = st.st_dev;
    offset_ = 0;
  }
  [[noreturn]] void fail(const char* what, int err) {
    throw infra_error(std::string(what) + " " + path_.string() + ": " + errno_string(err));
  }

  std::filesystem::path path_;
  base::UniqueFd fd_;
  ino_t inode_ = 0;
  dev_t device_ = 0;
  off_t offset_ = 0;
};

struct Scan {
  bool file_changed = false;  // an event names the followed file (or some were lost)
  bool dir_gone = false;      // the watched directory was deleted or moved away
};

Scan scan(const char* events, ssize_t length, const std::string& name) {
  Scan s;
  for (ssize_t at = 0; at < length;) {
    const auto* ev = reinterpret_cast<const inotify_event*>(events + at);
    if (ev->mask & IN_Q_OVERFLOW) s.file_changed = true;
    if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) s.dir_gone = true;
    if (ev->len > 0 && name == ev->name) s.file_changed = true;
    at += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
  }
  return s;
}

}  // namespace

bool print_file(const std::filesystem::path& path, const TextSink& sink) {
  if (!std::filesystem::exists(path)) return false;
  Reader(path).drain(sink);
  return true;
}

void follow_file(const std::filesystem::path& path, const TextSink& sink, int stop_fd) {
  const auto dir = path.parent_path();
  base::UniqueFd inotify(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
  if (!inotify) throw infra_error("inotify_init1: " + errno_string(errno));
  // Watch the directory, not the file: it sees the file being created, replaced or
  // deleted as well as written (IN_MODIFY of a directory entry).
  const uint32_t mask = IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF |
                        IN_MOVE_SELF;
  if (::inotify_add_watch(inotify.get(), dir.c_str(), mask) < 0)
    throw infra_error("cannot watch " + dir.string() + ": " + errno_string(errno) +
                      (errno == ENOENT ? " (the lab has not been created: klab up)" : ""));
  Reader reader(path);
  reader.drain(sink);  // after the watch exists, so no write can fall in between
  const std::string name = path.filename().string();
  alignas(inotify_event) std::array<char, 16384> events;
  for (;;) {
    std::array<pollfd, 2> fds{pollfd{inotify.get(), POLLIN, 0}, pollfd{stop_fd, POLLIN, 0}};
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw infra_error("poll: " + errno_string(errno));
    }
    if (fds[1].revents != 0) return;
    Scan seen;
    for (;;) {
      const ssize_t n = ::read(inotify.get(), events.data(), events.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) break;
      if (n < 0) throw infra_error("reading inotify events for " + dir.string() + ": " + errno_string(errno));
      const Scan s = scan(events.data(), n, name);
      seen.file_changed = seen.file_changed || s.file_changed;
      seen.dir_gone = seen.dir_gone || s.dir_gone;
    }
    if (seen.file_changed) reader.drain(sink);
    if (seen.dir_gone)
      throw infra_error(dir.string() + " was removed while following " + name +
                        " (klab down?); run `klab console` again once the lab is up");
  }
}

void follow_file_until_interrupted(const std::filesystem::path& path, const TextSink& sink) {
  sigset_t stop_signals, previous;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  if (::pthread_sigmask(SIG_BLOCK, &stop_signals, &previous) != 0)
    throw infra_error("cannot block SIGINT/SIGTERM");
  struct Restore {
    sigset_t mask;
    ~Restore() { ::pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
  } restore{previous};
  base::UniqueFd signals(::signalfd(-1, &stop_signals, SFD_CLOEXEC | SFD_NONBLOCK));
  if (!signals) throw infra_error("signalfd: " + errno_string(errno));
  follow_file(path, sink, signals.get());
  signalfd_siginfo info{};
  // Consume the signal so that unblocking does not deliver it (and kill us) again.
  [[maybe_unused]] const ssize_t n = ::read(signals.get(), &info, sizeof info);
}

}  // namespace klab::ops
