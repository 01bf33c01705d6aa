#pragma once
// File primitives for the PKI directory: private directories, atomic writes with an
// exact mode, reads that tell "absent" from "unreadable".
#include <filesystem>
#include <optional>
#include <string>

namespace klab::provisioner::pki {

namespace fs = std::filesystem;

inline constexpr fs::perms private_dir_mode = fs::perms::owner_all;  // 0700
inline constexpr fs::perms private_file_mode =
    fs::perms::owner_read | fs::perms::owner_write;  // 0600
inline constexpr fs::perms public_file_mode = private_file_mode | fs::perms::group_read |
                                              fs::perms::others_read;  // 0644

/// Creates `dir` (and parents) and sets it to 0700, also when it already existed.
void ensure_private_dir(const fs::path& dir);

/// `content` written and flushed to a temporary file next to `path`, created with
/// `mode` (a private key is never readable by others, not even briefly). Nothing is
/// visible under `path` until publish(); an unpublished file is removed, so several
/// files can be staged first and published together once all of them are on disk.
class StagedFile {
 public:
  StagedFile(const fs::path& path, const std::string& content, fs::perms mode);
  ~StagedFile();
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  /// Renames the temporary file over `path`: a reader sees the old file or the new
  /// one, never a torn one.
  void publish();

 private:
  fs::path path_;
  fs::path tmp_;  // empty once published
};

/// StagedFile(path, content, mode).publish().
void write_file_atomic(const fs::path& path, const std::string& content, fs::perms mode);

/// Removes the temporary files a killed write_file_atomic/StagedFile left next to
/// `path` (".<name>.tmp-XXXXXX"): they were never published, so nothing uses them.
void remove_stale_temp_files(const fs::path& path);

/// The file's contents, or nullopt when it does not exist. Other failures throw.
std::optional<std::string> read_file_if_exists(const fs::path& path);

/// The permission bits of an existing file.
fs::perms file_mode(const fs::path& path);

/// "0600".
std::string mode_string(fs::perms mode);

}  // namespace klab::provisioner::pki
