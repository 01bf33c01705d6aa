#pragma once
// SHA-256 with OpenSSL's EVP API, as lower-case hex.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace klab::images {

/// Incremental SHA-256: update() any number of times, then hex() once.
class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }
  /// Finishes the digest; the object may not be updated afterwards.
  std::string hex();

 private:
  struct Free {
    void operator()(EVP_MD_CTX* ctx) const;
  };
  std::unique_ptr<EVP_MD_CTX, Free> ctx_;
};

std::string sha256_hex(std::string_view data);

/// Digest of a file's contents; an unreadable file is an infrastructure Error.
std::string sha256_file(const std::filesystem::path& path);

/// True when `text` is 64 hex digits (either case).
bool is_sha256_hex(std::string_view text);

}  // namespace klab::images
