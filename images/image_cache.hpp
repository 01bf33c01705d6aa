#pragma once
// The image cache: $XDG_CACHE_HOME/klab/images/<name>/ (lab::image_dir), one
// directory per image holding its disk, kernel/initrd (built images) and manifest.json.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "images/manifest.hpp"

namespace klab::images {

struct ImageInfo {
  std::string name;
  std::filesystem::path dir;
  std::filesystem::path disk;
  std::string disk_format;                     // qcow2 | raw
  std::uint64_t virtual_size = 0;              // bytes
  BootMode boot = BootMode::direct;
  std::optional<std::filesystem::path> kernel; // direct boot only
  std::optional<std::filesystem::path> initrd; // direct boot only
  std::string cmdline;                         // direct boot only
  std::string sha256;                          // of the disk file
  Manifest manifest;
  /// Empty for a usable image; otherwise what is wrong (a file listed in the
  /// manifest is missing) and that `klab image rm` + rebuild fixes it.
  std::string problem;
};

/// The image named `name`, or nullopt when the cache has no such entry. A damaged
/// manifest throws an infrastructure Error (what is wrong, how to fix it).
std::optional<ImageInfo> find_image(const std::string& name);

/// find_image, but a missing or damaged image is an infrastructure Error:
/// "image 'debian-12' is not in the cache (<dir>): run `klab image build debian-12`".
ImageInfo must_find_image(const std::string& name);

/// Every image in the cache, sorted by name. Damaged entries are listed with `problem`
/// set rather than failing the whole listing.
std::vector<ImageInfo> list_images();

/// Removes the image directory. False when there was no such image.
bool remove_image(const std::string& name);

/// Re-hashes every file of the image against its manifest (slow: reads the disk).
/// Returns one line per mismatch; empty when intact.
std::vector<std::string> verify_image(const ImageInfo& image);

/// Throws a usage Error unless `name` is a valid image name ([a-z0-9][a-z0-9._-]*).
void check_image_name(const std::string& name);

}  // namespace klab::images
