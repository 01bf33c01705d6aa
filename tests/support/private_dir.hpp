#pragma once
// Temporary directories for tests that write keys (SSH, CA) or lab state: made with
// mkdtemp, so mode 0700 and an unpredictable name. Never a fixed or pid-derived path
// under /tmp, which another user could have created beforehand (and then read or
// replace what a test running as root writes there). Plain C++ and POSIX.
#include <filesystem>
#include <optional>
#include <string>

namespace klab::testing {

/// A fresh directory <temp dir>/<prefix>.XXXXXX; throws std::runtime_error on failure.
std::filesystem::path make_private_dir(const std::string& prefix);

/// A private directory (make_private_dir) removed with its contents on destruction.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix = "klab-test");
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

/// Sets an environment variable for its lifetime, then restores the previous value.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> previous_;
};

/// A private directory (make_private_dir) set as KLAB_STATE_DIR for its lifetime and
/// removed afterwards: every lab directory a test creates lives in it.
class PrivateStateRoot {
 public:
  explicit PrivateStateRoot(const std::string& prefix = "klab-test-state");
  const std::filesystem::path& path() const { return dir_.path(); }

 private:
  ScratchDir dir_;
  ScopedEnv env_;
};

}  // namespace klab::testing
