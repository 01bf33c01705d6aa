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

/// Writes `content` to a temporary file next to `path` created with `mode`, fsyncs it
/// and renames it over `path`: a reader sees the old file or the new one, never a
/// torn one, and a private key is never readable by others, not even briefly.
void write_file_atomic(const fs::path& path, const std::string& content, fs::perms mode);

/// The file's contents, or nullopt when it does not exist. Other failures throw.
std::optional<std::string> read_file_if_exists(const fs::path& path);

/// The permission bits of an existing file.
fs::perms file_mode(const fs::path& path);

/// "0600".
std::string mode_string(fs::perms mode);

}  // namespace klab::provisioner::pki
