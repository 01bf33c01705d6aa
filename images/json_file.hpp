#pragma once
// JSON files of the image cache (manifest.json, .verified.json) written so that a
// reader sees the old file or the new one, never a torn one.
#include <filesystem>

#include <nlohmann/json_fwd.hpp>

namespace klab::images {

/// Writes `j` (indented) atomically to `path` (base::write_file_atomic, mode 0644).
/// Throws an infrastructure Error naming the file.
void write_json_atomic(const std::filesystem::path& path, const nlohmann::json& j);

}  // namespace klab::images
