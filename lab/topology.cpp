#include "lab/topology.hpp"

#include <fstream>
#include <sstream>

#include "lab/topology_parse.hpp"

namespace klab::lab {

std::string to_string(Role role) {
  switch (role) {
    case Role::lb: return "lb";
    case Role::master: return "master";
    case Role::worker: return "worker";
  }
  return "?";
}

std::string to_string(Accel accel) {
  switch (accel) {
    case Accel::auto_: return "auto";
    case Accel::kvm: return "kvm";
    case Accel::tcg: return "tcg";
  }
  return "?";
}

std::string to_string(NetworkMode mode) { return mode == NetworkMode::nat ? "nat" : "isolated"; }

int Topology::count(Role role) const {
  int n = 0;
  for (const auto& h : hosts) n += h.role == role ? 1 : 0;
  return n;
}

Topology parse_topology(const std::string& yaml_text, const std::string& source,
                        std::vector<Diagnostic>* warnings) {
  YamlReader reader(source);
  detail::ParsedTopology parsed;
  parsed.topology.source = source;
  const YAML::Node root = reader.load(yaml_text);
  if (root) {
    detail::parse_structure(reader, root, parsed);
    detail::validate_semantics(reader, parsed);
  }
  if (warnings)
    warnings->insert(warnings->end(), reader.warnings().begin(), reader.warnings().end());
  reader.throw_if_errors();
  return parsed.topology;
}

Topology load_topology_file(const std::string& path, std::vector<Diagnostic>* warnings) {
  std::ifstream in(path);
  if (!in)
    throw ConfigError({{{path, 0, 0}, "",
                        "cannot read the topology file (" + errno_string(errno) +
                            "): check the path, or run `klab init` to write one"}});
  std::ostringstream text;
  text << in.rdbuf();
  return parse_topology(text.str(), path, warnings);
}

}  // namespace klab::lab
