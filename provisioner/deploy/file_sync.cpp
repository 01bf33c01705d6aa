#include "provisioner/deploy/file_sync.hpp"

#include <openssl/evp.h>

#include <memory>

#include "base/error.hpp"

namespace klab::provisioner {

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    throw infra_error("SHA-256 failed in OpenSSL (EVP_Digest)");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

FileUpload to_upload(const RenderedFile& file) {
  return FileUpload{file.path, file.content, file.mode, file.owner, file.group};
}

void probe_files(HostScript& script, const std::vector<FileUpload>& files) {
  for (const FileUpload& f : files) script.probe_file(f.path);
}

std::vector<FileUpload> changed_files(const std::vector<FileUpload>& desired,
                                      const std::map<std::string, RemoteFile>& remote) {
  std::vector<FileUpload> out;
  for (const FileUpload& f : desired) {
    const auto it = remote.find(f.path);
    const bool same = it != remote.end() && it->second.exists && it->second.sha256 == sha256_hex(f.content) &&
                      it->second.mode == (f.mode & 07777) && it->second.owner == f.owner &&
                      it->second.group == f.group;
    if (!same) out.push_back(f);
  }
  return out;
}

std::set<std::string> paths_of(const std::vector<FileUpload>& files) {
  std::set<std::string> out;
  for (const FileUpload& f : files) out.insert(f.path);
  return out;
}

bool any_changed(const std::set<std::string>& changed, const std::vector<std::string>& watched) {
  for (const std::string& path : watched)
    if (changed.contains(path)) return true;
  return false;
}

}  // namespace klab::provisioner
