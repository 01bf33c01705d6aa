#include "images/disk_image.hpp"

#include <nlohmann/json.hpp>

#include "base/process.hpp"
#include "base/error.hpp"

namespace klab::images {

void make_ext4_from_dir(const std::filesystem::path& dir, const std::filesystem::path& file,
                        std::uint64_t size) {
  // lazy_itable_init=0: initialise inode tables now (sparse zeros cost nothing here)
  // instead of in every guest, where ext4lazyinit would write to each host's overlay.
  // -m 1: the lab's root fs needs little reserved space.
  base::run_checked({"mkfs.ext4", "-q", "-F", "-L", "klab-root", "-m", "1", "-E",
               "lazy_itable_init=0,lazy_journal_init=0,root_owner=0:0", "-d", dir.string(), file.string(),
               std::to_string(size / 1024) + "k"});
}

void convert_to_qcow2(const std::filesystem::path& raw, const std::filesystem::path& qcow2) {
  base::run_checked({"qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw.string(), qcow2.string()});
}

DiskInfo inspect_disk(const std::filesystem::path& file) {
  std::string out = base::run_checked({"qemu-img", "info", "--output=json", file.string()});
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

void check_disk_image(const std::filesystem::path& file, const std::string& format) {
  if (format == "raw") return;  // qemu-img has no checks for raw
  base::ProcessResult r = base::run_process({"qemu-img", "check", "--output=json", "-f", format, file.string()});
  // 0: clean; 3: leaked clusters only; 63: the format has no checks.
  if (r.exit_code == 0 || r.exit_code == 3 || r.exit_code == 63) return;
  nlohmann::json j = nlohmann::json::parse(r.output, nullptr, false);
  const int corruptions = j.is_object() ? j.value("corruptions", 0) : 0;
  const std::string found = r.exit_code == 2 ? std::to_string(corruptions) + " corruption(s)"
                                             : "errors that stopped the check (exit " + std::to_string(r.exit_code) + ")";
  throw infra_error("qemu-img check found " + found + " in " + file.string(), r.errors + r.output);
}

}  // namespace klab::images
