#include "cli/context.hpp"

#include <filesystem>
#include <ostream>

#include "lab/presets.hpp"
#include "lab/topology.hpp"

namespace klab::cli {

namespace {
constexpr const char* default_file = "klab.yaml";
constexpr const char* default_preset = "ha";
}  // namespace

void Context::warn(const std::vector<lab::Diagnostic>& warnings) const {
  for (const auto& w : warnings) err << "klab: warning: " << w.str() << "\n";
}

std::string Context::topology_source() const {
  if (!globals.file.empty()) return globals.file;
  if (!globals.preset.empty()) return "preset:" + globals.preset;
  if (std::filesystem::exists(default_file)) return default_file;
  return std::string("preset:") + default_preset;
}

lab::Provider& Context::provider() {
  if (!opened_provider) opened_provider = lab::make_provider();
  return *opened_provider;
}

lab::Plan Context::load_plan() const {
  if (!globals.file.empty() && !globals.preset.empty())
    throw usage_error("give either --file or --preset, not both");
  const std::string source = topology_source();
  std::vector<lab::Diagnostic> warnings;
  lab::Topology topology;
  if (source.rfind("preset:", 0) == 0) {
    const std::string name = source.substr(7);
    auto preset = lab::find_preset(name);
    if (!preset)
      throw usage_error("unknown preset '" + name + "': choose one of " + lab::preset_names());
    topology = lab::parse_topology(preset->yaml, source, &warnings);
  } else {
    topology = lab::load_topology_file(source, &warnings);
  }
  warn(warnings);
  return lab::resolve(topology);
}

}  // namespace klab::cli
