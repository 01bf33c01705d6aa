#pragma once
// Importing a ready-made disk image (e.g. a Debian cloud image) into the cache:
// downloaded with libcurl (resumable), verified against the sha256 the user gives,
// booted through its own bootloader (manifest boot mode "bootloader").
#include <string>

#include "images/image_cache.hpp"
#include "images/progress.hpp"

namespace klab::images {

struct ImportRequest {
  std::string source;  // a local path, or a file://, http:// or https:// URL
  std::string sha256;  // expected digest of the file, 64 hex digits
  std::string name;    // image name in the cache
  bool force = false;  // replace an existing image of that name with a different digest
};

/// Downloads into <cache>/downloads/<sha256>.part (so an interrupted import resumes),
/// verifies the digest, checks it is a qcow2 or raw disk without a backing file, and
/// publishes it atomically as lab::image_dir(name). A digest mismatch deletes the
/// download and names both digests. An image of that name already holding the same
/// digest is returned as is.
ImageInfo import_image(const ImportRequest& request, const ProgressFn& progress = {});

}  // namespace klab::images
