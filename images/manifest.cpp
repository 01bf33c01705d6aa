#include "images/manifest.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "images/json_file.hpp"
#include "base/error.hpp"

namespace klab::images {

std::string to_string(BootMode mode) { return mode == BootMode::direct ? "direct" : "bootloader"; }

nlohmann::json to_json(const Manifest& m) {
  nlohmann::json files = nlohmann::json::object();
  for (const auto& [name, d] : m.files) files[name] = {{"sha256", d.sha256}, {"size", d.size}};
  nlohmann::json j = {
      {"schema", m.schema},
      {"name", m.name},
      {"format", m.format},
      {"boot", to_string(m.boot)},
      {"disk", m.disk},
      {"virtual_size", m.virtual_size},
      {"files", files},
      {"origin", m.origin},
      {"created_at", m.created_at},
      {"klab_version", m.klab_version},
  };
  if (m.boot == BootMode::direct) {
    j["kernel"] = m.kernel;
    j["initrd"] = m.initrd;
    j["kernel_cmdline"] = m.kernel_cmdline;
  }
  if (!m.recipe_hash.empty()) {
    j["recipe_hash"] = m.recipe_hash;
    j["build_seconds"] = m.build_seconds;
    j["packages"] = m.packages;
  }
  return j;
}

Manifest manifest_from_json(const nlohmann::json& j, const std::string& source) {
  auto bad = [&](const std::string& field, const std::string& why) {
    return infra_error(source + ": " + field + ": " + why +
                       ": the image cache entry is damaged; remove it (klab image rm) and build or import it again");
  };
  if (!j.is_object()) throw bad("(document)", "not a JSON object");
  Manifest m;
  try {
    m.schema = j.value("schema", 1);
    if (m.schema != 1) throw bad("schema", "version " + std::to_string(m.schema) + " is not supported");
    m.name = j.at("name").get<std::string>();
    m.format = j.at("format").get<std::string>();
    std::string boot = j.at("boot").get<std::string>();
    if (boot != "direct" && boot != "bootloader") throw bad("boot", "'" + boot + "' is neither direct nor bootloader");
    m.boot = boot == "direct" ? BootMode::direct : BootMode::bootloader;
    m.disk = j.at("disk").get<std::string>();
    m.virtual_size = j.at("virtual_size").get<std::uint64_t>();
    for (const auto& [name, d] : j.at("files").items()) {
      m.files[name] = FileDigest{d.at("sha256").get<std::string>(), d.at("size").get<std::uint64_t>()};
    }
    m.origin = j.value("origin", "");
    m.created_at = j.value("created_at", "");
    m.klab_version = j.value("klab_version", "");
    if (m.boot == BootMode::direct) {
      m.kernel = j.at("kernel").get<std::string>();
      m.initrd = j.at("initrd").get<std::string>();
      m.kernel_cmdline = j.at("kernel_cmdline").get<std::string>();
    }
    m.recipe_hash = j.value("recipe_hash", "");
    m.build_seconds = j.value("build_seconds", 0.0);
    if (j.contains("packages")) m.packages = j.at("packages").get<std::map<std::string, std::string>>();
  } catch (const nlohmann::json::exception& e) {
    throw bad("(fields)", e.what());
  }
  for (const std::string* f : {&m.disk, &m.kernel, &m.initrd}) {
    if (f->empty()) continue;
    if (f->find('/') != std::string::npos || *f == "..") throw bad(*f, "file names must not contain '/'");
    if (!m.files.count(*f)) throw bad("files", "has no digest for " + *f);
  }
  return m;
}

void write_manifest(const std::filesystem::path& path, const Manifest& m) {
  write_json_atomic(path, to_json(m));
}

Manifest read_manifest(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw infra_error("cannot read " + path.string() + ": " + errno_string(errno));
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    throw infra_error(path.string() + " is not valid JSON: the image cache entry is damaged; remove it "
                      "(klab image rm) and build or import it again");
  }
  return manifest_from_json(j, path.string());
}

}  // namespace klab::images
