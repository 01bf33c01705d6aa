#pragma once
// File primitives shared by everything that keeps state on disk (keys, PKI, records):
// exact permission bits, private directories, reads that tell "absent" from
// "unreadable".
#include <filesystem>
#include <optional>
#include <string>

namespace klab::base {

inline constexpr std::filesystem::perms private_dir_mode = std::filesystem::perms::owner_all;  // 0700
inline constexpr std::filesystem::perms private_file_mode =
    std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;  // 0600
inline constexpr std::filesystem::perms public_file_mode =
    private_file_mode | std::filesystem::perms::group_read | std::filesystem::perms::others_read;  // 0644

/// Creates `dir` (and parents) and sets it to exactly `mode`, also when it existed.
void ensure_private_dir(const std::filesystem::path& dir, std::filesystem::perms mode = private_dir_mode);

/// The whole file, or nullopt when it does not exist. Anything else (unreadable, not a
/// regular file) throws an infrastructure klab::Error naming the file.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path);

/// The permission bits of an existing file.
std::filesystem::perms file_mode(const std::filesystem::path& path);

/// "0600".
std::string mode_string(std::filesystem::perms mode);

}  // namespace klab::base
