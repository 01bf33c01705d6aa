#include "images/image_verify.hpp"

#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "images/json_file.hpp"
#include "base/error.hpp"

namespace klab::images {

namespace fs = std::filesystem;

namespace {

/// What tells that a file was not written since it was verified.
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
};

std::int64_t nanoseconds(const timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec; }

std::optional<FileStamp> stamp_of(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  return FileStamp{static_cast<std::uint64_t>(st.st_size), nanoseconds(st.st_mtim), nanoseconds(st.st_ctim)};
}

nlohmann::json to_json(const FileStamp& s, const std::string& sha256) {
  return {{"size", s.size}, {"mtime_ns", s.mtime_ns}, {"ctime_ns", s.ctime_ns}, {"sha256", sha256}};
}

// A record that is missing or unreadable only costs a re-hash, so it is never an error.
nlohmann::json read_record(const fs::path& path) {
  std::ifstream in(path);
  nlohmann::json j = in ? nlohmann::json::parse(in, nullptr, false) : nlohmann::json();
  return j.is_object() && j.contains("files") && j["files"].is_object() ? j["files"] : nlohmann::json::object();
}

bool still_verified(const nlohmann::json& files, const std::string& name, const FileStamp& now,
                    const FileDigest& expected) {
  if (!files.contains(name)) return false;
  return files[name] == to_json(now, expected.sha256) && now.size == expected.size;
}

Error damaged(const ImageInfo& image, const std::string& what, const std::string& detail = {}) {
  return infra_error("image '" + image.name + "' is damaged: " + what + "; nothing was uploaded: remove it (klab image rm " +
                         image.name + ") and build or import it again",
                     detail);
}

// Reads one file: its digest, and for the disk also its structure (qemu-img check).
void check_file(const ImageInfo& image, const fs::path& file, const FileDigest& expected, const VerifyTools& tools) {
  if (std::optional<std::string> why = file_mismatch(file, expected, tools.sha256)) throw damaged(image, *why);
  if (file != image.disk) return;
  try {
    tools.check_disk(file, image.disk_format);
  } catch (const Error& e) {
    throw damaged(image, e.what(), e.detail());
  }
}

}  // namespace

std::optional<std::string> file_mismatch(const fs::path& file, const FileDigest& expected, const HashFn& sha256) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return file.string() + " is missing";
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec) return file.string() + " is not readable: " + ec.message();
  if (size != expected.size)
    return file.string() + " is " + std::to_string(size) + " bytes, the manifest says " + std::to_string(expected.size) +
           " (truncated or replaced)";
  const std::string actual = sha256(file);
  if (actual != expected.sha256)
    return file.string() + " has sha256 " + actual + ", the manifest says " + expected.sha256 +
           " (changed since the image was made)";
  return std::nullopt;
}

VerifyReport verify_before_upload(const ImageInfo& image, const VerifyTools& tools) {
  VerifyReport report;
  const fs::path record_path = image.dir / kVerifiedRecord;
  const nlohmann::json before = read_record(record_path);
  nlohmann::json files = nlohmann::json::object();
  for (const auto& [name, expected] : image.manifest.files) {
    const fs::path file = image.dir / name;
    // Stamped before reading: a write while it is hashed moves the ctime past the stamp.
    const std::optional<FileStamp> stamp = stamp_of(file);
    if (stamp && still_verified(before, name, *stamp, expected)) {
      files[name] = before[name];
      ++report.remembered;
      continue;
    }
    check_file(image, file, expected, tools);
    if (stamp) files[name] = to_json(*stamp, expected.sha256);  // absent: it appeared while checked
    ++report.checked;
  }
  if (report.checked == 0) return report;
  try {
    write_json_atomic(record_path, {{"schema", 1}, {"files", files}});
  } catch (const Error& e) {
    report.warning = std::string(e.what()) + ": the image was verified, but the next `klab up` will read it again";
  }
  return report;
}

}  // namespace klab::images
