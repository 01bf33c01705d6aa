#include "lab/paths.hpp"

#include <cstdlib>

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
