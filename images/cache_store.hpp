#pragma once
// Writing into the image cache safely: one writer per image (a lock file), work in a
// staging directory next to the cache entry, publish with an atomic rename, and leave
// nothing behind when anything fails (including a crash: stale staging dirs of dead
// processes are removed by the next writer).
#include <cstdint>
#include <filesystem>
#include <string>

#include "base/unique_fd.hpp"

namespace klab::images {

/// Exclusive flock on <cache>/images/.<name>.lock for the object's lifetime. Another
/// klab holding it is an infrastructure Error ("... is being built by pid N").
class CacheLock {
 public:
  explicit CacheLock(const std::string& name);

 private:
  base::UniqueFd fd_;  // closing it releases the flock; the file stays (harmless, reused)
};

/// <cache>/images/.staging-<name>-<pid>-<n>/, removed with its contents on destruction
/// unless published.
class StagingDir {
 public:
  explicit StagingDir(const std::string& name);
  ~StagingDir();
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// Makes `content` (a directory inside path()) the image directory of `name`,
  /// atomically replacing an existing one, then drops the rest of the staging dir.
  void publish(const std::filesystem::path& content);

 private:
  std::string name_;
  std::filesystem::path path_;
};

/// Deletes a directory tree without ever crossing into another filesystem (a mount
/// left inside a chroot by a killed mmdebstrap is reported, never descended into).
void remove_tree(const std::filesystem::path& dir);

/// Bytes available on the filesystem holding `path`.
std::uintmax_t free_bytes(const std::filesystem::path& path);

}  // namespace klab::images
