#pragma once
// Disk image files on the host: an ext4 filesystem made from a directory (no loop
// mount, no root needed for this step), qcow2 conversion, and what qemu-img says
// about a file (and whether it is intact).
#include <cstdint>
#include <filesystem>
#include <string>

namespace klab::images {

struct DiskInfo {
  std::string format;             // qcow2, raw, ...
  std::uint64_t virtual_size = 0; // bytes
  std::string backing_file;       // empty when none
};

/// mkfs.ext4 -d `dir` into a new (sparse) file of `size` bytes.
void make_ext4_from_dir(const std::filesystem::path& dir, const std::filesystem::path& file,
                        std::uint64_t size);

/// qemu-img convert to qcow2 (uncompressed: reading compressed clusters costs CPU
/// on every cold read, which hurts under TCG).
void convert_to_qcow2(const std::filesystem::path& raw, const std::filesystem::path& qcow2);

/// `qemu-img info --output=json`.
DiskInfo inspect_disk(const std::filesystem::path& file);

/// `qemu-img check` of `file` in `format`: corruptions, or errors that stopped the
/// check, throw an infrastructure Error naming the file with qemu-img's report as
/// detail. Leaked clusters only waste space and pass; raw has nothing to check.
void check_disk_image(const std::filesystem::path& file, const std::string& format);

}  // namespace klab::images
