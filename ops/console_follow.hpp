#pragma once
// Following a growing log file (`klab console HOST --follow`), event-driven: inotify
// on the file's directory wakes us when the file is written, created or replaced, so
// nothing polls. A file that is truncated (a domain restarted) or replaced (the lab
// recreated) is read again from its start.
#include <filesystem>
#include <functional>
#include <string_view>

namespace klab::ops {

/// Receives file content as it is read.
using TextSink = std::function<void(std::string_view)>;

/// Sends `path`'s current content to `sink`, then every byte appended, until `stop_fd`
/// becomes readable (a signalfd for SIGINT/SIGTERM, a pipe in tests). The file may not
/// exist yet; its directory must. Throws klab::Error (infrastructure) naming the path
/// when the directory cannot be watched or the file cannot be read.
void follow_file(const std::filesystem::path& path, const TextSink& sink, int stop_fd);

/// follow_file until SIGINT or SIGTERM (Ctrl-C), which are blocked and read through a
/// signalfd meanwhile, then restored; returns normally on the signal.
void follow_file_until_interrupted(const std::filesystem::path& path, const TextSink& sink);

/// Sends `path`'s whole content to `sink`; false when the file does not exist.
bool print_file(const std::filesystem::path& path, const TextSink& sink);

}  // namespace klab::ops
