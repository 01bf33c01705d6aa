#pragma once
// Idempotent file installation: compare before uploading. A phase probes the state of
// its target files (sha256, mode, owner, group) in its probe script, and uploads only
// the files that differ, all in one transfer. What changed decides what restarts.
#include <set>
#include <string>
#include <vector>

#include "provisioner/deploy/host_script.hpp"
#include "provisioner/render/rendered_file.hpp"
#include "provisioner/transport/transport.hpp"

namespace klab::provisioner {

/// Lower-case hex SHA-256 of `bytes` (OpenSSL).
std::string sha256_hex(const std::string& bytes);

FileUpload to_upload(const RenderedFile& file);

/// Adds a probe of every file to `script`.
void probe_files(HostScript& script, const std::vector<FileUpload>& files);

/// The files whose content, mode, owner or group differ from what the probe saw (a file
/// the probe did not report counts as changed).
std::vector<FileUpload> changed_files(const std::vector<FileUpload>& desired,
                                      const std::map<std::string, RemoteFile>& remote);

/// The paths of `files`, as a set, for "did any of these change" questions.
std::set<std::string> paths_of(const std::vector<FileUpload>& files);

/// True when any path in `watched` is in `changed`.
bool any_changed(const std::set<std::string>& changed, const std::vector<std::string>& watched);

}  // namespace klab::provisioner
