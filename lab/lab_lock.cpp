#include "lab/lab_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "lab/paths.hpp"

namespace klab::lab {

namespace {

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string read_all(int fd) {
  std::string text;
  char buf[512];
  ssize_t n;
  while ((n = ::pread(fd, buf, sizeof buf, static_cast<off_t>(text.size()))) > 0) text.append(buf, static_cast<std::size_t>(n));
  return text;
}

/// "`klab deploy` (pid 4242) has held it for 35s", or what can be said without a note:
/// the holder may have the lock and not yet have written who it is.
std::string describe_holder(const std::string& note) {
  const auto j = nlohmann::json::parse(note, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("pid")) return "another klab process holds it";
  const std::int64_t held = now_seconds() - j.value("since", now_seconds());
  return fmt::format("`{}` (pid {}) has held it for {}s", j.value("command", std::string("klab")),
                     j.value("pid", 0), std::max<std::int64_t>(held, 0));
}

void write_note(int fd, const std::string& command) {
  const std::string note =
      nlohmann::json{{"pid", ::getpid()}, {"command", command}, {"since", now_seconds()}, {"uid", ::geteuid()}}.dump() + "\n";
  // Best effort: the note only improves the next command's message; the lock is the flock.
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, note.data(), note.size(), 0);
}

base::UniqueFd open_lock_file(const std::string& lab) {
  // Not the lab directory: `down` of a lab that has none must not create one.
  make_private_dir(make_state_root() / ".locks", "the klab lock directory");
  const std::filesystem::path file = lab_lock_path(lab);
  base::UniqueFd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) throw infra_error(fmt::format("cannot open the lab lock {}: {}", file.string(), errno_string(errno)));
  return fd;
}

}  // namespace

std::filesystem::path lab_lock_path(const std::string& lab) { return state_root() / ".locks" / (lab + ".lock"); }

LabLock LabLock::acquire(const std::string& lab, const std::string& command) {
  base::UniqueFd fd = open_lock_file(lab);
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    const std::string holder = err == EWOULDBLOCK ? describe_holder(read_all(fd.get())) : errno_string(err);
    fd.reset();
    if (err != EWOULDBLOCK)
      throw infra_error(fmt::format("cannot lock lab {} ({}): {}", lab, lab_lock_path(lab).string(), holder));
    throw infra_error(fmt::format("lab {} is busy: {}. Wait for it to finish (or stop it), then run `{}` again",
                                  lab, holder, command));
  }
  write_note(fd.get(), command);
  return LabLock(std::move(fd));
}

}  // namespace klab::lab
