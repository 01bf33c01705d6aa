#pragma once
// Uploading a host file into a libvirt volume through a stream, so the file lands
// wherever the daemon keeps the pool, owned as the daemon wants it.
#include <filesystem>

#include "lab/libvirt/connection.hpp"

namespace klab::lab::libvirt {

/// Replaces the contents of `vol` with the file at `source` (whole file).
void upload_file(const Connection& conn, virStorageVolPtr vol, const std::filesystem::path& source);

}  // namespace klab::lab::libvirt
