#include "provisioner/pki/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace klab::provisioner::pki {

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path, int err) {
  throw infra_error("cannot " + what + " " + path.string() + ": " + errno_string(err));
}

void fsync_dir(const fs::path& dir) {
  base::UniqueFd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (d) ::fsync(d.get());  // best effort: the rename is already atomic
}

std::string temp_prefix(const fs::path& path) { return "." + path.filename().string() + ".tmp-"; }

}  // namespace

void ensure_private_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw infra_error("cannot create " + dir.string() + ": " + ec.message());
  fs::permissions(dir, private_dir_mode, fs::perm_options::replace, ec);
  if (ec) throw infra_error("cannot set mode 0700 on " + dir.string() + ": " + ec.message());
}

StagedFile::StagedFile(const fs::path& path, const std::string& content, fs::perms mode) : path_(path) {
  std::string tmpl = (path.parent_path() / (temp_prefix(path) + "XXXXXX")).string();
  base::UniqueFd out(::mkostemp(tmpl.data(), O_CLOEXEC));  // created 0600
  if (!out) fail("create a temporary file for", path, errno);
  tmp_ = tmpl;
  auto discard = [&](const char* what) {
    int err = errno;
    ::unlink(tmp_.c_str());
    tmp_.clear();
    fail(what, path, err);
  };
  if (::fchmod(out.get(), static_cast<mode_t>(mode)) != 0) discard("set the mode of");
  for (std::size_t done = 0; done < content.size();) {
    ssize_t n = ::write(out.get(), content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) discard("write");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(out.get()) != 0) discard("flush");
}

StagedFile::~StagedFile() {
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

void StagedFile::publish() {
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) fail("replace", path_, errno);
  tmp_.clear();
  fsync_dir(path_.parent_path());
}

void write_file_atomic(const fs::path& path, const std::string& content, fs::perms mode) {
  StagedFile(path, content, mode).publish();
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

std::optional<std::string> read_file_if_exists(const fs::path& path) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) return std::nullopt;
  if (ec) throw infra_error("cannot read " + path.string() + ": " + ec.message());
  if (st.type() != fs::file_type::regular)
    throw infra_error("cannot read " + path.string() + ": not a regular file; move it out of the way");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("read", path, errno);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) fail("read", path, errno);
  return buf.str();
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

}  // namespace klab::provisioner::pki
