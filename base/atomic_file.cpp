#include "base/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace klab::base {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path, int err) {
  throw infra_error("cannot " + what + " " + path.string() + ": " + errno_string(err) +
                    " (check that the directory exists, is writable and has free space)");
}

std::string temp_prefix(const fs::path& path) { return "." + path.filename().string() + ".tmp-"; }

void write_all(int fd, std::string_view content, const fs::path& path) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write", path, errno);
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
}

// A rename is only durable once the directory entry itself reaches the disk. Best
// effort: the rename is atomic already.
void sync_directory(const fs::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd) ::fsync(fd.get());
}

}  // namespace

StagedFile::StagedFile(const fs::path& path, std::string_view content, fs::perms mode)
    : path_(path.has_parent_path() ? path : fs::path(".") / path) {
  std::string tmpl = (path_.parent_path() / (temp_prefix(path_) + "XXXXXX")).string();
  UniqueFd fd(::mkostemp(tmpl.data(), O_CLOEXEC));  // created 0600, never wider
  if (!fd) fail("create a temporary file for", path, errno);
  tmp_ = tmpl;
  try {
    // The caller asked for exactly `mode`, whatever the umask.
    if (::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) fail("set the mode of", tmp_, errno);
    write_all(fd.get(), content, tmp_);
    if (::fsync(fd.get()) != 0) fail("flush", tmp_, errno);
    if (::close(fd.release()) != 0) fail("close", tmp_, errno);
  } catch (...) {
    ::unlink(tmp_.c_str());  // a failed write leaves no litter
    throw;
  }
}

StagedFile::~StagedFile() {
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

bool StagedFile::publish(IfExists if_exists) {
  if (if_exists == IfExists::replace) {
    if (::rename(tmp_.c_str(), path_.c_str()) != 0) fail("rename onto", path_, errno);
    tmp_.clear();
  } else if (::link(tmp_.c_str(), path_.c_str()) != 0) {
    if (errno == EEXIST) return false;  // the destructor removes the temporary file
    fail("create", path_, errno);
  }
  sync_directory(path_.parent_path());
  return true;
}

bool write_file_atomic(const fs::path& path, std::string_view content, fs::perms mode, IfExists if_exists) {
  return StagedFile(path, content, mode).publish(if_exists);
}

void remove_stale_temp_files(const fs::path& path) {
  const std::string prefix = temp_prefix(path);
  std::error_code ec;
  for (fs::directory_iterator it(path.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->path().filename().string().starts_with(prefix)) continue;
    std::error_code rm;
    if (!fs::remove(it->path(), rm) && rm)
      throw infra_error("cannot remove the leftover " + it->path().string() + ": " + rm.message());
  }
}

}  // namespace klab::base
