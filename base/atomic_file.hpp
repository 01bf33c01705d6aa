#pragma once
// Whole-file writes that readers never see half done: the content goes to a temporary
// file in the same directory, created with the requested mode (a private key is never
// readable by others, not even briefly), is flushed to disk, and only then takes the
// final name; the directory is flushed too, so the new name survives a crash.
#include <filesystem>
#include <string_view>

namespace klab::base {

enum class IfExists {
  replace,  // rename(2) over whatever is there
  keep,     // link(2): create only if absent, leave an existing file untouched
};

/// `content` written and flushed to a temporary file next to `path` with exactly
/// `mode` (the umask does not apply). Nothing is visible under `path` until publish();
/// an unpublished file is removed, so several files can be staged first and published
/// together once all of them are on disk.
class StagedFile {
 public:
  StagedFile(const std::filesystem::path& path, std::string_view content, std::filesystem::perms mode);
  ~StagedFile();
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  /// Gives the file its name: a reader sees the old file or the new one, never a torn
  /// one. Returns false only when `if_exists == keep` and `path` existed; then nothing
  /// changed.
  bool publish(IfExists if_exists = IfExists::replace);

 private:
  std::filesystem::path path_;
  std::filesystem::path tmp_;  // empty once published
};

/// StagedFile(path, content, mode).publish(if_exists). Throws an infrastructure
/// klab::Error naming the file on I/O failures.
bool write_file_atomic(const std::filesystem::path& path, std::string_view content, std::filesystem::perms mode,
                       IfExists if_exists = IfExists::replace);

/// Removes the temporary files a killed write left next to `path` (".<name>.tmp-*"):
/// they were never published, so nothing uses them.
void remove_stale_temp_files(const std::filesystem::path& path);

}  // namespace klab::base
