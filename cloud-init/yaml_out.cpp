#include "cloud-init/yaml_out.hpp"

#include "base/error.hpp"

namespace klab::cloudinit::detail {

void put_block(YAML::Emitter& out, const char* key, const std::string& text) {
  if (text.empty() || text.back() != '\n' || text.ends_with("\n\n")) {
    throw infra_error(std::string("internal error: the text for \"") + key +
                      "\" must end with exactly one newline to survive a YAML literal block");
  }
  out << YAML::Key << key << YAML::Value << YAML::Literal << text;
}

std::string finish(const YAML::Emitter& out, const char* document) {
  if (!out.good()) {
    throw infra_error(std::string("internal error: rendering ") + document +
                      " failed in the YAML emitter: " + out.GetLastError());
  }
  std::string text = out.c_str();
  if (text.empty() || text.back() != '\n') text += '\n';
  return text;
}

}  // namespace klab::cloudinit::detail
