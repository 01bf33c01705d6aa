#pragma once
// Test helpers: a temporary directory removed afterwards, and a temporary image cache
// (KLAB_CACHE_DIR pointed at a fresh directory for the test's lifetime), and an image in it.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "images/manifest.hpp"
#include "images/sha256.hpp"
#include "lab/paths.hpp"

namespace klab::images::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "klab-images-test.XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class TempCache {
 public:
  TempCache() {
    if (const char* old = ::getenv("KLAB_CACHE_DIR")) old_ = old;
    ::setenv("KLAB_CACHE_DIR", dir_.path().c_str(), 1);
  }
  ~TempCache() {
    if (old_) ::setenv("KLAB_CACHE_DIR", old_->c_str(), 1);
    else ::unsetenv("KLAB_CACHE_DIR");
  }
  const std::filesystem::path& root() const { return dir_.path(); }
  std::filesystem::path images() const { return dir_.path() / "images"; }

 private:
  TempDir dir_;
  std::optional<std::string> old_;
};

inline void write_file(const std::filesystem::path& p, const std::string& content) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A direct-boot image `name` in the (temporary) cache whose files (disk.qcow2,
/// vmlinuz, initrd.img) hold `content` + their name, with a manifest that matches them.
inline void add_image(const std::string& name, const std::string& content = "disk") {
  const std::filesystem::path dir = lab::image_dir(name);
  Manifest m;
  m.name = name;
  m.format = "qcow2";
  m.boot = BootMode::direct;
  m.disk = "disk.qcow2";
  m.kernel = "vmlinuz";
  m.initrd = "initrd.img";
  m.kernel_cmdline = "root=/dev/vda";
  m.virtual_size = 4096;
  for (const char* f : {"disk.qcow2", "vmlinuz", "initrd.img"}) {
    write_file(dir / f, content + f);
    m.files[f] = {sha256_hex(content + f), (content + f).size()};
  }
  write_manifest(dir / "manifest.json", m);
}

}  // namespace klab::images::testing
