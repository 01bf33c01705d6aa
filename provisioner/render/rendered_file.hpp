#pragma once
// One rendered configuration file and where it goes on a guest.
#include <string>

namespace klab::provisioner {

struct RenderedFile {
  std::string path;  // absolute path on the guest: "/etc/haproxy/haproxy.cfg"
  std::string content;
  unsigned mode = 0644;  // octal permission bits
  std::string owner = "root";
  std::string group = "root";
  std::string source;  // what produced it: a template name, or "yaml-cpp"

  bool operator==(const RenderedFile&) const = default;
};

}  // namespace klab::provisioner
