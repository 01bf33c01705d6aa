#include "lab/lab_owner.hpp"

#include <unistd.h>

#include <climits>
#include <filesystem>

#include "lab/paths.hpp"

namespace klab::lab {

std::string LabOwner::describe() const {
  if (!known()) return "owner unknown";
  return "uid " + uid + " on host " + machine + ", state dir " + state_dir;
}

LabOwner this_owner(const std::string& lab) {
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof name - 1) != 0) name[0] = '\0';
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(lab_dir(lab), ec);
  if (ec) dir = lab_dir(lab);
  return {std::to_string(::geteuid()), name, dir.lexically_normal().string()};
}

}  // namespace klab::lab
