#include "provisioner/transport/shell_quote.hpp"

#include "base/strings.hpp"

namespace klab::provisioner {

std::string shell_quote(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  quoted += '\'';
  return quoted;
}

std::string shell_join(const std::vector<std::string>& argv) {
  return base::join(argv, " ", [](const std::string& word) { return shell_quote(word); });
}

}  // namespace klab::provisioner
