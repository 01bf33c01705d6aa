#pragma once
// Checking a cached image before `klab up` uploads it into a lab's pool: every file's
// size and sha256 against manifest.json, and the disk with `qemu-img check`. A
// truncated or tampered file is refused at once, by name, instead of being uploaded,
// sealed as a complete upload and waited on for SSH until the deadline.
//
// What passed is remembered in <image dir>/.verified.json: per file its size, mtime,
// ctime and sha256. A file whose size, mtime and ctime are all unchanged is not read
// again (hashing a multi-GB disk on every `up` costs minutes); any write changes the
// ctime, which cannot be set back by hand, so the next check hashes it again. A new
// build or import publishes a new directory, without the record.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "images/disk_image.hpp"
#include "images/image_cache.hpp"
#include "images/sha256.hpp"

namespace klab::images {

inline constexpr const char* kVerifiedRecord = ".verified.json";

using HashFn = std::function<std::string(const std::filesystem::path&)>;

/// How files are read; replaceable, so tests can count what is read.
struct VerifyTools {
  HashFn sha256 = sha256_file;
  std::function<void(const std::filesystem::path&, const std::string& format)> check_disk = check_disk_image;
};

struct VerifyReport {
  int checked = 0;      // files read (size, sha256, the disk also qemu-img check) now
  int remembered = 0;   // files an earlier check covers: unchanged since
  std::string warning;  // the record could not be saved: the next check reads them again
};

/// What is wrong with `file` against `expected` (missing, another size, another
/// sha256, in that order: a truncated file is not hashed), or nullopt when it matches.
std::optional<std::string> file_mismatch(const std::filesystem::path& file, const FileDigest& expected,
                                         const HashFn& sha256);

/// Verifies every file of `image` (see above). The first file that does not match
/// throws an infrastructure Error naming it, expected and actual, and what to do.
VerifyReport verify_before_upload(const ImageInfo& image, const VerifyTools& tools = {});

}  // namespace klab::images
