#include "images/disk_image.hpp"

#include <nlohmann/json.hpp>

#include "images/process.hpp"
#include "lab/error.hpp"

namespace klab::images {

void make_ext4_from_dir(const std::filesystem::path& dir, const std::filesystem::path& file,
                        std::uint64_t size) {
  // lazy_itable_init=0: initialise inode tables now (sparse zeros cost nothing here)
  // instead of in every guest, where ext4lazyinit would write to each host's overlay.
  // -m 1: the lab's root fs needs little reserved space.
  run_checked({"mkfs.ext4", "-q", "-F", "-L", "klab-root", "-m", "1", "-E",
               "lazy_itable_init=0,lazy_journal_init=0,root_owner=0:0", "-d", dir.string(), file.string(),
               std::to_string(size / 1024) + "k"});
}

void convert_to_qcow2(const std::filesystem::path& raw, const std::filesystem::path& qcow2) {
  run_checked({"qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw.string(), qcow2.string()});
}

DiskInfo inspect_disk(const std::filesystem::path& file) {
  std::string out = run_checked({"qemu-img", "info", "--output=json", file.string()});
  nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
  if (j.is_discarded() || !j.contains("format") || !j.contains("virtual-size")) {
    throw infra_error("qemu-img info " + file.string() + " gave no format/virtual-size", out);
  }
  DiskInfo info;
  info.format = j["format"].get<std::string>();
  info.virtual_size = j["virtual-size"].get<std::uint64_t>();
  if (j.contains("backing-filename")) info.backing_file = j["backing-filename"].get<std::string>();
  return info;
}

}  // namespace klab::images
