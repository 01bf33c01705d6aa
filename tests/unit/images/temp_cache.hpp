#pragma once
// Test helpers: a temporary directory removed afterwards, and a temporary image cache
// (KLAB_CACHE_DIR pointed at a fresh directory for the test's lifetime).
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

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

}  // namespace klab::images::testing
