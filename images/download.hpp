#pragma once
// Resumable downloads with libcurl (file://, http://, https://): bytes are appended
// to a .part file, and a later call continues where the last one stopped (Range).
#include <cstdint>
#include <filesystem>
#include <string>

#include "images/progress.hpp"

namespace klab::images {

struct DownloadResult {
  std::uint64_t resumed_from = 0;  // bytes already in the .part file before this call
  std::uint64_t size = 0;          // bytes in the .part file afterwards
};

/// Downloads `url` into `part`, resuming from its current size. A server that ignores
/// the range restarts the file from zero. Throws an infrastructure Error on failure,
/// keeping the partial file so that the next call resumes.
DownloadResult download(const std::string& url, const std::filesystem::path& part, const ProgressFn& progress = {});

/// A URL for `source`: URLs pass through, local paths become absolute file:// URLs.
std::string source_url(const std::string& source);

}  // namespace klab::images
