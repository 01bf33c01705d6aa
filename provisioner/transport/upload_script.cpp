#include "provisioner/transport/upload_script.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <regex>
#include <set>

#include "base/error.hpp"
#include "provisioner/transport/shell_quote.hpp"

namespace klab::provisioner {
namespace {

// Cannot occur in base64 output, so it can never end a here-document early.
constexpr const char* kEndMarker = "KLAB_UPLOAD_EOF";
constexpr std::size_t kBase64Line = 76;

std::string base64_lines(const std::string& bytes) {
  std::string out;
  constexpr std::size_t kChunk = kBase64Line / 4 * 3;  // 57 bytes -> one 76-char line
  unsigned char line[kBase64Line + 1];
  for (std::size_t offset = 0; offset < bytes.size(); offset += kChunk) {
    const std::size_t n = std::min(kChunk, bytes.size() - offset);
    const int len = EVP_EncodeBlock(line, reinterpret_cast<const unsigned char*>(bytes.data()) + offset,
                                    static_cast<int>(n));
    out.append(reinterpret_cast<const char*>(line), static_cast<std::size_t>(len));
    out += '\n';
  }
  return out;
}

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string temp_name(const std::string& path) {
  const auto slash = path.rfind('/');
  // Hidden and with a suffix no *.conf / *.service glob picks up mid-upload.
  return path.substr(0, slash + 1) + "." + path.substr(slash + 1) + ".klab-tmp";
}

std::string octal(unsigned mode) {
  char buf[16];  // room for any unsigned in octal, so -O2's truncation check is satisfied
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777u);
  return buf;
}

bool normal_absolute_path(const std::string& path) {
  if (path.size() < 2 || path.front() != '/' || path.back() == '/') return false;
  if (path.find('\0') != std::string::npos || path.find('\n') != std::string::npos) return false;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

bool valid_account(const std::string& name) {
  static const std::regex pattern("[a-z_][a-z0-9_-]*\\$?|[0-9]+");
  return name.size() <= 32 && std::regex_match(name, pattern);
}

}  // namespace

void validate_uploads(const std::vector<FileUpload>& files, const std::string& host) {
  std::set<std::string> seen;
  for (const FileUpload& f : files) {
    auto fail = [&](const std::string& why) {
      throw infra_error(host + ": cannot upload \"" + f.path + "\": " + why);
    };
    if (!normal_absolute_path(f.path)) fail("the path must be absolute, without empty, \".\" or \"..\" parts");
    if (!seen.insert(f.path).second) fail("the same path is uploaded twice in one transfer");
    if (!valid_account(f.owner)) fail("invalid owner \"" + f.owner + "\"");
    if (!valid_account(f.group)) fail("invalid group \"" + f.group + "\"");
    if (f.mode > 07777) fail("invalid mode " + octal(f.mode));
  }
}

std::string render_upload_script(const std::vector<FileUpload>& files) {
  std::string script = "set -eu\numask 077\nklab_cleanup() { rm -f --";
  for (const FileUpload& f : files) script += " " + shell_quote(temp_name(f.path));
  script += "; }\ntrap klab_cleanup EXIT\n";
  std::set<std::string> made;
  for (const FileUpload& f : files) {
    const std::string dir = parent_of(f.path);
    if (made.insert(dir).second) script += "(umask 022 && mkdir -p -- " + shell_quote(dir) + ")\n";
    const std::string tmp = shell_quote(temp_name(f.path));
    script += "base64 -d > " + tmp + " <<'" + kEndMarker + "'\n" + base64_lines(f.content) + kEndMarker + "\n";
    script += "chown -- " + shell_quote(f.owner + ":" + f.group) + " " + tmp + "\n";
    script += "chmod -- " + octal(f.mode) + " " + tmp + "\n";
    script += "mv -f -- " + tmp + " " + shell_quote(f.path) + "\n";
  }
  return script;
}

std::string describe_uploads(const std::vector<FileUpload>& files) {
  constexpr std::size_t kNamed = 3;
  std::string text;
  for (std::size_t i = 0; i < files.size() && i < kNamed; ++i) {
    if (i > 0) text += ", ";
    text += files[i].path;
  }
  if (files.size() > kNamed) text += " and " + std::to_string(files.size() - kNamed) + " more";
  return text;
}

}  // namespace klab::provisioner
