#include "images/image_cache.hpp"

#include <algorithm>
#include <regex>

#include "images/cache_store.hpp"
#include "images/image_verify.hpp"
#include "images/sha256.hpp"
#include "base/error.hpp"
#include "lab/paths.hpp"

namespace klab::images {

namespace fs = std::filesystem;

namespace {

ImageInfo info_from(const std::string& name, const fs::path& dir, Manifest m) {
  ImageInfo info;
  info.name = name;
  info.dir = dir;
  info.disk = dir / m.disk;
  info.disk_format = m.format;
  info.virtual_size = m.virtual_size;
  info.boot = m.boot;
  if (m.boot == BootMode::direct) {
    info.kernel = dir / m.kernel;
    info.initrd = dir / m.initrd;
    info.cmdline = m.kernel_cmdline;
  }
  info.sha256 = m.files.count(m.disk) ? m.files.at(m.disk).sha256 : "";
  for (const auto& [file, digest] : m.files) {
    std::error_code ec;
    if (!fs::is_regular_file(dir / file, ec)) {
      info.problem = (dir / file).string() + " is missing: remove the image (klab image rm " + name +
                     ") and build or import it again";
      break;
    }
  }
  if (info.problem.empty() && m.name != name) {
    info.problem = "manifest names image '" + m.name + "' but the directory is '" + name +
                   "': remove it (klab image rm " + name + ")";
  }
  info.manifest = std::move(m);
  return info;
}

}  // namespace

void check_image_name(const std::string& name) {
  static const std::regex re("[a-z0-9][a-z0-9._-]{0,62}");
  if (!std::regex_match(name, re)) {
    throw usage_error("'" + name + "' is not a valid image name: use lower case letters, digits, '.', '_' "
                      "and '-' (starting with a letter or digit)");
  }
}

std::optional<ImageInfo> find_image(const std::string& name) {
  check_image_name(name);
  fs::path dir = lab::image_dir(name);
  std::error_code ec;
  if (!fs::exists(dir / "manifest.json", ec)) return std::nullopt;
  return info_from(name, dir, read_manifest(dir / "manifest.json"));
}

ImageInfo must_find_image(const std::string& name) {
  std::optional<ImageInfo> info = find_image(name);
  if (!info) {
    throw infra_error("image '" + name + "' is not in the cache (" + lab::image_dir(name).string() +
                      "): run `klab image build " + name + "`");
  }
  if (!info->problem.empty()) throw infra_error("image '" + name + "' is not usable: " + info->problem);
  return *info;
}

std::vector<ImageInfo> list_images() {
  std::vector<ImageInfo> out;
  fs::path root = lab::cache_root() / "images";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with(".") || !entry.is_directory(ec)) continue;  // staging and lock files
    if (!fs::exists(entry.path() / "manifest.json", ec)) continue;
    try {
      out.push_back(info_from(name, entry.path(), read_manifest(entry.path() / "manifest.json")));
    } catch (const Error& e) {
      ImageInfo broken;
      broken.name = name;
      broken.dir = entry.path();
      broken.problem = e.what();
      out.push_back(std::move(broken));
    }
  }
  std::sort(out.begin(), out.end(), [](const ImageInfo& a, const ImageInfo& b) { return a.name < b.name; });
  return out;
}

bool remove_image(const std::string& name) {
  check_image_name(name);
  CacheLock lock(name);
  fs::path dir = lab::image_dir(name);
  std::error_code ec;
  if (!fs::exists(dir, ec)) return false;
  remove_tree(dir);
  return true;
}

std::vector<std::string> verify_image(const ImageInfo& image) {
  std::vector<std::string> problems;
  for (const auto& [file, digest] : image.manifest.files)
    if (std::optional<std::string> why = file_mismatch(image.dir / file, digest, sha256_file)) problems.push_back(*why);
  return problems;
}

}  // namespace klab::images
