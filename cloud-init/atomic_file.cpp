#include "cloud-init/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <utility>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace klab::cloudinit {

namespace {

namespace fs = std::filesystem;

// Removes the temporary file unless disarmed, so a failed write leaves no litter.
class TempFileGuard {
 public:
  explicit TempFileGuard(fs::path path) : path_(std::move(path)) {}
  TempFileGuard(const TempFileGuard&) = delete;
  TempFileGuard& operator=(const TempFileGuard&) = delete;
  ~TempFileGuard() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }

 private:
  fs::path path_;
};

Error io_error(const std::string& what, const fs::path& path, int err) {
  return infra_error("cannot " + what + " " + path.string() + ": " + errno_string(err) +
                     " (check that the directory exists, is writable and has free space)");
}

fs::path temp_name_for(const fs::path& path) {
  static std::atomic<unsigned> counter{0};
  return path.parent_path() / ("." + path.filename().string() + ".tmp-" +
                               std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

void write_all(int fd, std::string_view content, const fs::path& path) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw io_error("write", path, errno);
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
}

// A rename is only durable once the directory entry itself reaches the disk.
void sync_directory(const fs::path& dir) {
  base::UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

}  // namespace

bool write_file_atomic(const fs::path& path, std::string_view content, mode_t mode,
                       IfExists if_exists) {
  const fs::path target = path.has_parent_path() ? path : fs::path(".") / path;
  const fs::path temp = temp_name_for(target);
  base::UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (fd.get() < 0) throw io_error("create", temp, errno);
  TempFileGuard guard(temp);
  // open() applied the umask; the caller asked for exactly `mode`.
  if (::fchmod(fd.get(), mode) != 0) throw io_error("set the mode of", temp, errno);
  write_all(fd.get(), content, temp);
  if (::fsync(fd.get()) != 0) throw io_error("flush", temp, errno);
  if (::close(fd.release()) != 0) throw io_error("close", temp, errno);

  if (if_exists == IfExists::replace) {
    if (::rename(temp.c_str(), target.c_str()) != 0) throw io_error("rename onto", path, errno);
  } else if (::link(temp.c_str(), target.c_str()) != 0) {
    if (errno == EEXIST) return false;
    throw io_error("create", path, errno);
  }
  sync_directory(target.parent_path());
  return true;
}

std::optional<std::string> read_file_if_exists(const fs::path& path) {
  base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw infra_error("cannot read " + path.string() + ": " + errno_string(errno) +
                      " (check its ownership and permissions)");
  }
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

void ensure_private_dir(const fs::path& dir, mode_t mode) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    throw infra_error("cannot create directory " + dir.string() + ": " + ec.message() +
                      " (check permissions of its parent, or set KLAB_STATE_DIR)");
  }
  if (::chmod(dir.c_str(), mode) != 0) throw io_error("set the mode of", dir, errno);
}

}  // namespace klab::cloudinit
