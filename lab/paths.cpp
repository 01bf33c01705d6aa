#include "lab/paths.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "base/error.hpp"

namespace klab::lab {

namespace {
std::filesystem::path env_or_home(const char* override_var, const char* xdg_var,
                                  const char* home_relative) {
  if (const char* v = std::getenv(override_var); v && *v) return v;
  if (const char* v = std::getenv(xdg_var); v && *v) return std::filesystem::path(v) / "klab";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : "/root") / home_relative / "klab";
}
}  // namespace

std::filesystem::path state_root() {
  return env_or_home("KLAB_STATE_DIR", "XDG_STATE_HOME", ".local/state");
}
std::filesystem::path lab_dir(const std::string& lab) { return state_root() / lab; }
void check_private_dir(const std::filesystem::path& dir, const std::string& what) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw infra_error(fmt::format("cannot inspect {} {}: {}", what, dir.string(), errno_string(errno)));
  }
  if (!S_ISDIR(st.st_mode)) throw infra_error(fmt::format("{} {} is not a directory: move it away", what, dir.string()));
  if (st.st_uid != ::geteuid())
    throw infra_error(fmt::format(
        "{} {} is owned by uid {}, not by uid {} (this process): klab will not use SSH keys and certificates that "
        "another user could have planted, replaced or read there. Use a state directory of your own "
        "(KLAB_STATE_DIR or XDG_STATE_HOME), or chown it if it is yours",
        what, dir.string(), st.st_uid, ::geteuid()));
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    throw infra_error(fmt::format(
        "{} {} is writable by {} (mode {:04o}): someone else could plant or replace the lab's SSH keys and "
        "certificates there. Check its contents, then `chmod go-w {}`",
        what, dir.string(), (st.st_mode & S_IWOTH) != 0 ? "others" : "its group", st.st_mode & 07777, dir.string()));
}

std::filesystem::path checked_lab_dir(const std::string& lab) {
  check_private_dir(state_root(), "the klab state directory");
  const std::filesystem::path dir = lab_dir(lab);
  check_private_dir(dir, "the lab directory");
  return dir;
}

void make_private_dir(const std::filesystem::path& dir, const std::string& what) {
  // mkdir(0700) rather than create_directories: never a moment with the umask's mode.
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw infra_error(fmt::format("cannot create {}: {}", dir.string(), errno_string(errno)));
  check_private_dir(dir, what);
}

std::filesystem::path make_state_root() {
  const std::filesystem::path root = state_root();
  if (root.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(root.parent_path(), ec);  // ~/.local/state: the user's
  }
  make_private_dir(root, "the klab state directory");
  return root;
}

std::filesystem::path make_lab_dir(const std::string& lab) {
  make_state_root();
  const std::filesystem::path dir = lab_dir(lab);
  make_private_dir(dir, "the lab directory");
  return dir;
}

std::filesystem::path console_log_path(const std::string& lab, const std::string& host) {
  return lab_dir(lab) / "console" / (host + ".log");
}
std::filesystem::path cache_root() {
  return env_or_home("KLAB_CACHE_DIR", "XDG_CACHE_HOME", ".cache");
}
std::filesystem::path image_dir(const std::string& image) {
  return cache_root() / "images" / image;
}

}  // namespace klab::lab
