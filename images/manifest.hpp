#pragma once
// manifest.json: what an image in the cache is, how it boots and how it was made.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace klab::images {

/// direct: the host passes vmlinuz + initrd.img + cmdline (built images).
/// bootloader: the disk boots itself through its bootloader (imported cloud images).
enum class BootMode { direct, bootloader };
std::string to_string(BootMode mode);

struct FileDigest {
  std::string sha256;
  std::uint64_t size = 0;
};

struct Manifest {
  int schema = 1;
  std::string name;
  std::string format;                      // disk format: qcow2 or raw
  BootMode boot = BootMode::direct;
  std::string disk;                        // file names inside the image directory
  std::string kernel;                      // empty for bootloader images
  std::string initrd;                      // empty for bootloader images
  std::string kernel_cmdline;              // empty for bootloader images
  std::uint64_t virtual_size = 0;          // bytes the guest sees
  std::map<std::string, FileDigest> files; // file name -> digest, every file above
  std::string recipe_hash;                 // built images; empty for imports
  std::string origin;                      // recipe source ("builtin:debian-12") or import URL
  std::map<std::string, std::string> packages;  // dpkg-query in the image: name -> version
  std::string created_at;                  // UTC, ISO 8601
  double build_seconds = 0;
  std::string klab_version;
};

nlohmann::json to_json(const Manifest& m);
/// Throws an infrastructure Error naming `source` and the bad field.
Manifest manifest_from_json(const nlohmann::json& j, const std::string& source);

/// Writes atomically (temporary file + rename).
void write_manifest(const std::filesystem::path& path, const Manifest& m);
Manifest read_manifest(const std::filesystem::path& path);

}  // namespace klab::images
