#pragma once
// Whole-file writes that readers never see half done: the content goes to a temporary
// file in the same directory, is flushed to disk, and only then takes the final name.
// Used for keys (which must never be truncated by a crash) and for seed ISOs.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace klab::cloudinit {

enum class IfExists {
  replace,  // rename(2) over whatever is there
  keep,     // link(2): create only if absent, leave an existing file untouched
};

/// Writes `content` to `path` with exactly `mode` (umask does not apply). Returns
/// false only when `if_exists == keep` and `path` already existed; then nothing
/// changed. Throws klab::Error (infrastructure) on I/O failures.
bool write_file_atomic(const std::filesystem::path& path, std::string_view content,
                       mode_t mode, IfExists if_exists = IfExists::replace);

/// The whole file, or nullopt when it does not exist. Other failures throw.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path);

/// Creates `dir` (and parents) if needed and sets its mode to `mode`.
void ensure_private_dir(const std::filesystem::path& dir, mode_t mode);

}  // namespace klab::cloudinit
