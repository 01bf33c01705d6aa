#pragma once
// The NoCloud seed: an ISO 9660 image with volume id "cidata" holding user-data,
// meta-data and network-config at its root, written with libisofs (Rock Ridge and
// Joliet, so the names survive any reader). The image is reproducible: the same
// documents always give the same bytes, so an unchanged seed can be recognised.
#include <filesystem>
#include <string>

#include "cloud-init/seed.hpp"

namespace klab::cloudinit {

inline constexpr const char* kSeedVolumeId = "cidata";

/// The ISO image bytes (a few hundred KiB), e.g. to upload into a libvirt volume.
std::string build_seed_iso(const SeedDocuments& seed);

/// Writes the image to `out` atomically (temporary file + rename, mode 0644): a reader
/// sees the old seed or the new one, never a partial one.
void write_seed_iso(const SeedDocuments& seed, const std::filesystem::path& out);

}  // namespace klab::cloudinit
