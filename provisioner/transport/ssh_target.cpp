#include "provisioner/transport/ssh_target.hpp"

#include <cerrno>
#include <fstream>

#include "base/error.hpp"

namespace klab::provisioner {

std::string read_public_key_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    throw infra_error("cannot read the pinned host key " + path.string() + ": " + errno_string(errno) +
                      "; run `klab up` to (re)create the lab's keys");
  }
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) return line;
  }
  throw infra_error("the pinned host key file " + path.string() + " is empty; run `klab up` to recreate it");
}

}  // namespace klab::provisioner
