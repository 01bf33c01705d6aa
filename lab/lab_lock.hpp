#pragma once
// One exclusive lock per lab, held for the whole of every command that changes the lab
// (up, down, deploy, scenario, snapshot save/restore/delete): two deploys on one lab
// would otherwise race and pick two etcd tokens, an `up` next to a `down` would
// recreate half of what is being removed.
//
// flock(2) on <state root>/.locks/<lab>.lock: the kernel drops the lock when the holder
// dies, even by SIGKILL, so a crash never leaves a stale lock to clear by hand. The lock
// file lives beside the lab directories, not inside one, because `down` removes the lab
// directory while it holds the lock. The holder writes who it is into the file; a
// second command reads that to say who holds the lab and exits 2 at once.
#include <filesystem>
#include <string>
#include <utility>

#include "base/unique_fd.hpp"

namespace klab::lab {

/// <state root>/.locks/<lab>.lock
std::filesystem::path lab_lock_path(const std::string& lab);

class LabLock {
 public:
  /// Takes the lock or throws an infrastructure Error (exit 2) that names the holder
  /// (its command, pid and since when). Never waits. `command` is what this process
  /// is doing ("klab deploy"), written for the next one to read.
  static LabLock acquire(const std::string& lab, const std::string& command);

  LabLock(LabLock&& other) noexcept = default;
  LabLock& operator=(LabLock&&) = delete;

 private:
  explicit LabLock(base::UniqueFd fd) : fd_(std::move(fd)) {}
  base::UniqueFd fd_;  // closing the last descriptor releases the flock
};

}  // namespace klab::lab
