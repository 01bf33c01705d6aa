#pragma once
// Uploading many files in one round trip: a POSIX shell script, fed on stdin to one
// `sh -s` exec, that carries every file base64-encoded in a here-document and, per
// file, writes it to a temporary name in the target directory (umask 077, so never
// readable by others on the way), sets owner then mode (chown after chmod would clear
// set-id bits), and renames it into place: each file is replaced atomically.
// Only coreutils are needed on the host (base64, mkdir, chown, chmod, mv, rm).
// Missing parent directories are created 0755 root:root.
#include <string>
#include <vector>

#include "provisioner/transport/transport.hpp"

namespace klab::provisioner {

/// The remote command that runs the script from stdin.
inline constexpr const char* upload_command = "sh -s";

/// Throws klab::Error naming `host` and the file when a path is not absolute and
/// normal (no "." or ".." parts), appears twice, or an owner, group or mode is invalid.
void validate_uploads(const std::vector<FileUpload>& files, const std::string& host);

/// The script for validated `files`.
std::string render_upload_script(const std::vector<FileUpload>& files);

/// "/etc/a, /etc/b and 3 more": how messages list uploaded files.
std::string describe_uploads(const std::vector<FileUpload>& files);

}  // namespace klab::provisioner
