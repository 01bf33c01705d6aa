#include "images/cache_store.hpp"

#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <vector>

#include "base/error.hpp"
#include "lab/paths.hpp"

namespace klab::images {

namespace fs = std::filesystem;

namespace {

fs::path images_root() {
  fs::path root = lab::cache_root() / "images";
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) {
    throw infra_error("cannot create the image cache " + root.string() + ": " + ec.message() +
                      ": set KLAB_CACHE_DIR or XDG_CACHE_HOME to a writable directory");
  }
  return root;
}

bool process_alive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

// ".staging-<name>-<pid>-<n>": removes those of processes that no longer exist.
void remove_stale_staging(const fs::path& root) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    std::string n = e.path().filename().string();
    if (!n.starts_with(".staging-") && !n.starts_with(".old-")) continue;
    auto last = n.rfind('-');
    auto before = last == std::string::npos ? std::string::npos : n.rfind('-', last - 1);
    if (before == std::string::npos) continue;
    long pid = std::strtol(n.c_str() + before + 1, nullptr, 10);
    if (!process_alive(pid)) {
      try {
        remove_tree(e.path());
      } catch (const Error&) {
        // A leftover mount; the next build reports nothing about someone else's
        // mess, and this directory's name never collides with a new one.
      }
    }
  }
}

thread_local std::vector<std::string> g_leftovers;

int remove_entry(const char* path, const struct stat*, int type, struct FTW*) {
  int rc = type == FTW_DP ? ::rmdir(path) : ::unlink(path);
  if (rc != 0 && errno != ENOENT) g_leftovers.push_back(std::string(path) + ": " + errno_string(errno));
  return 0;  // keep going: remove everything that can be removed
}

}  // namespace

CacheLock::CacheLock(const std::string& name) {
  fs::path lock = images_root() / ("." + name + ".lock");
  fd_.reset(::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!fd_) throw infra_error("cannot open " + lock.string() + ": " + errno_string(errno));
  if (::flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {};
    ssize_t n = ::pread(fd_.get(), buf, sizeof buf - 1, 0);
    fd_.reset();
    throw infra_error("image '" + name + "' is being written by another klab (pid " +
                      (n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("?")) +
                      "): wait for it to finish");
  }
  std::string pid = std::to_string(::getpid());
  if (::ftruncate(fd_.get(), 0) == 0) {
    ssize_t ignored = ::pwrite(fd_.get(), pid.data(), pid.size(), 0);
    (void)ignored;
  }
}

StagingDir::StagingDir(const std::string& name) : name_(name) {
  fs::path root = images_root();
  remove_stale_staging(root);
  static std::atomic<int> counter{0};
  path_ = root / (".staging-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::error_code ec;
  if (fs::exists(path_, ec)) remove_tree(path_);
  fs::create_directory(path_, ec);
  if (ec) throw infra_error("cannot create " + path_.string() + ": " + ec.message());
  fs::permissions(path_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec, ec);
}

StagingDir::~StagingDir() {
  if (path_.empty()) return;
  try {
    remove_tree(path_);
  } catch (...) {
    // Destructors must not throw; a later writer removes what is left.
  }
}

void StagingDir::publish(const fs::path& content) {
  fs::path target = lab::image_dir(name_);
  std::error_code ec;
  if (fs::exists(target, ec)) {
    // Swap in one step so readers see the old image or the new one, never neither.
    if (::renameat2(AT_FDCWD, content.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
      throw infra_error("cannot replace " + target.string() + ": " + errno_string(errno));
    }
    // `content` now holds the old image; it goes with the staging dir.
  } else if (::rename(content.c_str(), target.c_str()) != 0) {
    throw infra_error("cannot move the new image to " + target.string() + ": " + errno_string(errno));
  }
  remove_tree(path_);
  path_.clear();
}

void remove_tree(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(dir, ec))) return;
  g_leftovers.clear();
  // FTW_MOUNT: stay on this filesystem; FTW_PHYS: never follow symlinks.
  ::nftw(dir.c_str(), remove_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
  if (fs::exists(fs::symlink_status(dir, ec))) {
    std::string first = g_leftovers.empty() ? "" : ": " + g_leftovers.front();
    throw infra_error("cannot remove " + dir.string() + first +
                      " (a filesystem still mounted inside it? check `findmnt -R " + dir.string() +
                      "` and umount it)");
  }
}

std::uintmax_t free_bytes(const fs::path& path) {
  std::error_code ec;
  fs::space_info s = fs::space(path, ec);
  return ec ? 0 : s.available;
}

}  // namespace klab::images
