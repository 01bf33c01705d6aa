#include "images/import.hpp"

#include <fstream>
#include <functional>

#include "images/cache_store.hpp"
#include "images/disk_image.hpp"
#include "images/download.hpp"
#include "images/sha256.hpp"
#include "base/error.hpp"
#include "base/time.hpp"
#include "lab/paths.hpp"
#include "base/strings.hpp"

namespace klab::images {

namespace fs = std::filesystem;

namespace {

// qemu-img calls any unknown file "raw"; catch the archives cloud images ship in.
void reject_archives(const fs::path& file, const std::string& url) {
  std::ifstream in(file, std::ios::binary);
  char head[512] = {};
  in.read(head, sizeof head);
  std::string_view h(head, static_cast<std::size_t>(in.gcount()));
  const char* kind = h.starts_with("\xFD" "7zXZ") ? "xz" :
                     h.starts_with("\x1F\x8B") ? "gzip" :
                     h.starts_with("\x28\xB5\x2F\xFD") ? "zstd" :
                     h.size() > 262 && h.substr(257, 5) == "ustar" ? "tar" : nullptr;
  if (kind) {
    throw infra_error(url + " is a " + std::string(kind) + " archive, not a disk image: unpack it and import "
                      "the .qcow2 or .raw file inside");
  }
}

ImageInfo import_checked(const ImportRequest& request, const ProgressFn& progress);

}  // namespace

ImageInfo import_image(const ImportRequest& request, const ProgressFn& progress) {
  try {
    return import_checked(request, progress);
  } catch (const fs::filesystem_error& e) {
    throw infra_error("importing image '" + request.name + "': " + e.what() +
                      ": check free space and permissions of " + lab::cache_root().string());
  }
}

namespace {

using Report = std::function<void(const std::string& step, const std::string& message)>;

std::string checked_digest(const ImportRequest& request) {
  check_image_name(request.name);
  const std::string want = base::to_lower(request.sha256);
  if (!is_sha256_hex(want)) {
    throw usage_error("--sha256 '" + request.sha256 + "' is not a SHA-256 digest (64 hex digits): take it "
                      "from the image's SHA256SUMS file");
  }
  return want;
}

// The cached image when it already holds this disk; refuses to replace another one
// without --force.
std::optional<ImageInfo> already_cached(const ImportRequest& request, const std::string& want, const Report& report) {
  std::optional<ImageInfo> existing = find_image(request.name);
  if (!existing) return std::nullopt;
  if (existing->problem.empty() && existing->sha256 == want) {
    report("cache", "image '" + request.name + "' already holds " + want.substr(0, 12));
    return existing;
  }
  if (!request.force) {
    throw usage_error("image '" + request.name + "' already exists with a different disk: remove it first "
                      "(klab image rm " + request.name + ") or import under another name");
  }
  return std::nullopt;
}

// Downloads (resuming a .part) and verifies the digest; a mismatch deletes the download.
fs::path download_verified(const std::string& url, const std::string& want, const ProgressFn& progress,
                           const Report& report, DownloadResult& got) {
  const fs::path downloads = lab::cache_root() / "downloads";
  std::error_code ec;
  fs::create_directories(downloads, ec);
  if (ec) throw infra_error("cannot create " + downloads.string() + ": " + ec.message());
  const fs::path part = downloads / (want + ".part");
  report("download", url);
  got = download(url, part, progress);
  if (got.resumed_from) report("download", "resumed at " + std::to_string(got.resumed_from) + " bytes");
  report("verify", "sha256 of " + std::to_string(got.size >> 20) + " MiB");
  const std::string actual = sha256_file(part);
  if (actual != want) {
    fs::remove(part, ec);
    throw infra_error("sha256 mismatch for " + url + ": expected " + want + ", got " + actual +
                      ": the download was deleted; check the URL and the digest");
  }
  return part;
}

DiskInfo importable_disk(const fs::path& part, const std::string& url) {
  reject_archives(part, url);
  DiskInfo disk = inspect_disk(part);
  if (disk.format != "qcow2" && disk.format != "raw") {
    throw infra_error(url + " is a " + disk.format + " disk: klab imports qcow2 or raw images");
  }
  if (!disk.backing_file.empty()) {
    throw infra_error(url + " has a backing file (" + disk.backing_file + "): import a standalone image");
  }
  return disk;
}

// Moves the verified disk into a staging directory with its manifest, then publishes it.
void publish_disk(const ImportRequest& request, const fs::path& part, const DiskInfo& disk, const std::string& sha256,
                  std::uint64_t size, const std::string& url) {
  StagingDir staging(request.name);
  const fs::path out = staging.path() / "image";
  fs::create_directory(out);
  const std::string disk_name = "disk." + disk.format;
  fs::rename(part, out / disk_name);
  Manifest m;
  m.name = request.name;
  m.format = disk.format;
  m.boot = BootMode::bootloader;
  m.disk = disk_name;
  m.virtual_size = disk.virtual_size;
  m.files[disk_name] = FileDigest{sha256, size};
  m.origin = url;
  m.created_at = base::utc_now_iso8601();
  m.klab_version = KLAB_VERSION;
  write_manifest(out / "manifest.json", m);
  staging.publish(out);
}

ImageInfo import_checked(const ImportRequest& request, const ProgressFn& progress) {
  const std::string want = checked_digest(request);
  const std::string url = source_url(request.source);
  const Report report = [&](const std::string& step, const std::string& msg) {
    if (progress) progress(ProgressEvent{step, msg, std::nullopt});
  };
  CacheLock lock(request.name);
  if (std::optional<ImageInfo> cached = already_cached(request, want, report)) return *cached;
  DownloadResult got;
  const fs::path part = download_verified(url, want, progress, report, got);
  try {
    publish_disk(request, part, importable_disk(part, url), want, got.size, url);
  } catch (...) {
    std::error_code ec;
    fs::remove(part, ec);  // verified but unusable: nothing to resume
    throw;
  }
  report("done", "imported '" + request.name + "'");
  return must_find_image(request.name);
}

}  // namespace

}  // namespace klab::images
