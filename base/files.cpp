#include "base/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace klab::base {

namespace fs = std::filesystem;

void ensure_private_dir(const fs::path& dir, fs::perms mode) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    throw infra_error("cannot create directory " + dir.string() + ": " + ec.message() +
                      " (check permissions of its parent, or set KLAB_STATE_DIR)");
  }
  // create_directories applied the umask, and an existing directory keeps its mode.
  fs::permissions(dir, mode, fs::perm_options::replace, ec);
  if (ec) throw infra_error("cannot set mode " + mode_string(mode) + " on " + dir.string() + ": " + ec.message());
}

std::optional<std::string> read_file_if_exists(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) return std::nullopt;
    throw infra_error("cannot read " + path.string() + ": " + errno_string(errno) +
                      " (check its ownership and permissions)");
  }
  // open(2) succeeds on a directory; reading one would fail with a less clear EISDIR.
  struct stat st {};
  if (::fstat(fd.get(), &st) == 0 && !S_ISREG(st.st_mode))
    throw infra_error("cannot read " + path.string() + ": not a regular file; move it out of the way");
  std::string content;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw infra_error("cannot read " + path.string() + ": " + errno_string(errno));
    }
    content.append(buffer, static_cast<size_t>(n));
  }
  return content;
}

fs::perms file_mode(const fs::path& path) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec) throw infra_error("cannot stat " + path.string() + ": " + ec.message());
  return st.permissions() & fs::perms::mask;
}

std::string mode_string(fs::perms mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode) & 07777u);
  return buf;
}

}  // namespace klab::base
