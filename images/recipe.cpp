#include "images/recipe.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "images/recipes/builtin.hpp"
#include "lab/diagnostics.hpp"
#include "base/strings.hpp"

namespace klab::images {

namespace {

using lab::Diagnostic;

const std::regex kNameRe("[a-z0-9][a-z0-9._-]{0,62}");
const std::regex kPackageRe("[a-z0-9][a-z0-9+.-]+(:[a-z0-9]+)?(=[A-Za-z0-9.+~:-]+)?");
const std::regex kSuiteRe("[a-z][a-z0-9-]*");
const std::regex kUnitRe("[A-Za-z0-9_.@:-]+\\.(service|socket|timer|target|path|mount)");
const std::regex kModuleRe("[A-Za-z0-9_-]+");
const std::regex kMirrorRe("(https?|file)://\\S+");

// Block style throughout, so `{a: [b]}` and its block spelling hash the same.
void force_block_style(YAML::Node node) {
  if (node.IsMap() || node.IsSequence()) node.SetStyle(YAML::EmitterStyle::Block);
  if (node.IsMap()) {
    for (auto kv : node) force_block_style(kv.second);
  } else if (node.IsSequence()) {
    for (auto item : node) force_block_style(item);
  }
}

std::string canonical_yaml(const YAML::Node& node) {
  YAML::Node copy = YAML::Clone(node);
  force_block_style(copy);
  YAML::Emitter out;
  out << copy;
  return out.c_str();
}

/// Collects diagnostics while walking one recipe document.
class RecipeParser {
 public:
  explicit RecipeParser(std::string source) : source_(std::move(source)) {}

  Recipe parse(const YAML::Node& root) {
    Recipe r;
    r.source = source_;
    if (!root.IsMap()) {
      fail(root, "", "a recipe is a YAML mapping (name:, suite:, packages:, ...)");
      throw lab::ConfigError(diags_);
    }
    check_keys(root, "", {"name", "suite", "mirror", "components", "disk_size", "packages",
                          "kernel_cmdline", "initramfs_modules", "services", "files", "cloud_init"});
    r.name = required_string(root, "name", "", kNameRe, "lower case letters, digits, '.', '_' or '-'");
    if (root["suite"]) r.suite = string_matching(root["suite"], "suite", kSuiteRe, "a Debian suite name such as bookworm");
    if (root["mirror"]) {
      r.mirror = scalar(root["mirror"], "mirror");
      if (!r.mirror.empty() && !std::regex_match(r.mirror, kMirrorRe)) {
        fail(root["mirror"], "mirror", "'" + r.mirror + "' is not an http://, https:// or file:// URL");
      }
    }
    if (root["components"]) r.components = list(root["components"], "components", kSuiteRe, "a component such as main");
    parse_disk_size(root, r);
    r.packages = list(required(root, "packages", ""), "packages", kPackageRe,
                      "a Debian package name (optionally =version)");
    if (root["packages"] && root["packages"].IsSequence() && r.packages.empty()) fail(root["packages"], "packages", "needs at least one package");
    r.kernel_cmdline = required_string(root, "kernel_cmdline", "", std::regex(".+"), "");
    if (!r.kernel_cmdline.empty() && r.kernel_cmdline.find("root=") == std::string::npos) {
      fail(root["kernel_cmdline"], "kernel_cmdline", "has no root=: add root=/dev/vda (the image's disk)");
    }
    if (root["initramfs_modules"]) {
      r.initramfs_modules = list(root["initramfs_modules"], "initramfs_modules", kModuleRe, "a kernel module name");
    }
    if (root["services"]) parse_services(root["services"], r.services);
    if (root["files"]) parse_files(root["files"], r);
    if (root["cloud_init"]) parse_cloud_init(root["cloud_init"], r.cloud_init);
    cross_check(root, r);
    if (!diags_.empty()) throw lab::ConfigError(diags_);
    return r;
  }

 private:
  void fail(const YAML::Node& at, const std::string& field, const std::string& message) {
    lab::SourcePos pos{source_, 0, 0};
    if (at.IsDefined() && !at.Mark().is_null()) {
      pos.line = at.Mark().line + 1;
      pos.column = at.Mark().column + 1;
    }
    diags_.push_back(Diagnostic{pos, field, message});
  }

  static std::string join(const std::string& prefix, const std::string& key) {
    return prefix.empty() ? key : prefix + "." + key;
  }

  void check_keys(const YAML::Node& map, const std::string& prefix, const std::set<std::string>& allowed) {
    for (const auto& kv : map) {
      std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
      if (!allowed.count(key)) {
        std::string names = base::join(allowed, ", ");
        fail(kv.first, join(prefix, key), "unknown field (known: " + names + ")");
      }
    }
  }

  YAML::Node required(const YAML::Node& map, const std::string& key, const std::string& prefix) {
    YAML::Node n = map[key];
    if (!n || n.IsNull()) fail(map, join(prefix, key), "is required");
    return n;
  }

  std::string scalar(const YAML::Node& n, const std::string& field) {
    if (!n.IsScalar()) {
      fail(n, field, "must be a single value, not a list or mapping");
      return {};
    }
    return n.Scalar();
  }

  std::string string_matching(const YAML::Node& n, const std::string& field, const std::regex& re,
                              const std::string& expected) {
    std::string v = scalar(n, field);
    if (n.IsScalar() && !std::regex_match(v, re)) {
      fail(n, field, "'" + v + "' is not valid" + (expected.empty() ? "" : ": expected " + expected));
    }
    return v;
  }

  std::string required_string(const YAML::Node& map, const std::string& key, const std::string& prefix,
                              const std::regex& re, const std::string& expected) {
    YAML::Node n = required(map, key, prefix);
    if (!n || n.IsNull()) return {};
    return string_matching(n, join(prefix, key), re, expected);
  }

  std::vector<std::string> list(const YAML::Node& n, const std::string& field, const std::regex& re,
                                const std::string& expected) {
    std::vector<std::string> out;
    if (!n || n.IsNull()) return out;
    if (!n.IsSequence()) {
      fail(n, field, "must be a list ([a, b] or one '- item' per line)");
      return out;
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < n.size(); ++i) {
      std::string item_field = field + "[" + std::to_string(i) + "]";
      std::string v = string_matching(n[i], item_field, re, expected);
      if (!n[i].IsScalar()) continue;
      if (!seen.insert(v).second) fail(n[i], item_field, "'" + v + "' is listed twice");
      out.push_back(v);
    }
    return out;
  }

  void parse_disk_size(const YAML::Node& root, Recipe& r) {
    YAML::Node n = required(root, "disk_size", "");
    if (!n || n.IsNull()) return;
    std::string text = scalar(n, "disk_size");
    if (!n.IsScalar()) return;
    r.disk_size = parse_size(text);
    constexpr std::uint64_t kGiB = 1ULL << 30;
    if (r.disk_size == 0) {
      fail(n, "disk_size", "'" + text + "' is not a size: write e.g. 4G or 4096M");
    } else if (r.disk_size < kGiB || r.disk_size > 1024 * kGiB) {
      fail(n, "disk_size", "'" + text + "' is out of range: between 1G and 1024G");
    }
  }

  void parse_services(const YAML::Node& n, ServiceSettings& s) {
    if (!n.IsMap()) {
      fail(n, "services", "must be a mapping with enable:, disable: and/or mask:");
      return;
    }
    check_keys(n, "services", {"enable", "disable", "mask"});
    const std::string unit = "a systemd unit name such as apt-daily.timer";
    if (n["enable"]) s.enable = list(n["enable"], "services.enable", kUnitRe, unit);
    if (n["disable"]) s.disable = list(n["disable"], "services.disable", kUnitRe, unit);
    if (n["mask"]) s.mask = list(n["mask"], "services.mask", kUnitRe, unit);
    for (const auto& u : s.enable) {
      if (std::count(s.disable.begin(), s.disable.end(), u) || std::count(s.mask.begin(), s.mask.end(), u)) {
        fail(n["enable"], "services.enable", "'" + u + "' is also disabled or masked: keep one");
      }
    }
  }

  void parse_files(const YAML::Node& n, Recipe& r) {
    if (!n.IsMap()) {
      fail(n, "files", "must be a mapping of absolute path to file content");
      return;
    }
    for (const auto& kv : n) {
      std::string path = kv.first.IsScalar() ? kv.first.Scalar() : "";
      std::string field = "files." + path;
      if (path.empty() || path[0] != '/' || path.find("/../") != std::string::npos ||
          path.ends_with("/..") || path.ends_with("/")) {
        fail(kv.first, field, "must be an absolute file path inside the image (no '..')");
        continue;
      }
      if (!kv.second.IsScalar()) {
        fail(kv.second, field, "content must be text (use '|' for a block)");
        continue;
      }
      r.files[path] = kv.second.Scalar();
    }
  }

  void parse_cloud_init(const YAML::Node& n, CloudInitSettings& c) {
    if (!n.IsMap()) {
      fail(n, "cloud_init", "must be a mapping with datasources:, modules: and/or settings:");
      return;
    }
    check_keys(n, "cloud_init", {"datasources", "modules", "settings"});
    if (n["datasources"]) {
      c.datasources = list(n["datasources"], "cloud_init.datasources", kModuleRe, "a datasource such as NoCloud");
      if (n["datasources"].IsSequence() && c.datasources.empty()) {
        fail(n["datasources"], "cloud_init.datasources", "needs at least one datasource (NoCloud)");
      }
    }
    if (YAML::Node m = n["modules"]) {
      if (!m.IsMap()) {
        fail(m, "cloud_init.modules", "must be a mapping with init:, config: and final: lists");
      } else {
        check_keys(m, "cloud_init.modules", {"init", "config", "final"});
        const std::string mod = "a cloud-init module such as write_files";
        if (m["init"]) c.init_modules = list(m["init"], "cloud_init.modules.init", kModuleRe, mod);
        if (m["config"]) c.config_modules = list(m["config"], "cloud_init.modules.config", kModuleRe, mod);
        if (m["final"]) c.final_modules = list(m["final"], "cloud_init.modules.final", kModuleRe, mod);
        c.modules_set = true;
      }
    }
    if (YAML::Node s = n["settings"]) {
      if (!s.IsMap()) {
        fail(s, "cloud_init.settings", "must be a mapping (cloud.cfg keys)");
      } else {
        for (const char* owned : {"datasource_list", "cloud_init_modules", "cloud_config_modules",
                                  "cloud_final_modules"}) {
          if (s[owned]) fail(s[owned], std::string("cloud_init.settings.") + owned,
                             "is set by cloud_init.datasources/modules: move it there");
        }
        c.settings_yaml = canonical_yaml(s);
      }
    }
  }

  void cross_check(const YAML::Node& root, const Recipe& r) {
    auto off = [&](const std::string& unit) {
      const auto& d = r.services.disable;
      const auto& m = r.services.mask;
      return std::count(d.begin(), d.end(), unit) + std::count(m.begin(), m.end(), unit) > 0;
    };
    auto check = [&](const std::vector<std::string>& modules, const std::string& stage, const std::string& unit) {
      if (!modules.empty() && off(unit)) {
        fail(root["cloud_init"], "cloud_init.modules." + stage,
             unit + " is disabled or masked, so these modules would never run: move them to init");
      }
    };
    check(r.cloud_init.config_modules, "config", "cloud-config.service");
    check(r.cloud_init.final_modules, "final", "cloud-final.service");
  }

  std::string source_;
  std::vector<Diagnostic> diags_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::string names = base::join(builtin_recipe_names(), ", ");
    throw lab::ConfigError({Diagnostic{{path, 0, 0}, "", "cannot read the recipe file: check the path "
                                       "(built-in recipes: " + names + ")"}});
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::uint64_t parse_size(const std::string& text) {
  static const std::regex re("([0-9]{1,7})\\s*(|[KMGT]|[KMGT]i?B)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return 0;
  std::uint64_t n = std::stoull(m[1].str());
  std::string unit = m[2].str();
  int shift = unit.empty() ? 0 : unit[0] == 'K' ? 10 : unit[0] == 'M' ? 20 : unit[0] == 'G' ? 30 : 40;
  return n << shift;
}

Recipe parse_recipe(const std::string& yaml_text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    lab::SourcePos pos{source, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1};
    throw lab::ConfigError({Diagnostic{pos, "", "YAML syntax error: " + e.msg}});
  }
  return RecipeParser(source).parse(root);
}

Recipe load_recipe(const std::string& name_or_path) {
  bool is_path = name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".yaml") ||
                 name_or_path.ends_with(".yml");
  if (is_path) return parse_recipe(read_file(name_or_path), name_or_path);
  const auto& builtins = builtin_recipes();
  auto it = builtins.find(name_or_path);
  if (it == builtins.end()) {
    std::string names = base::join(builtin_recipe_names(), ", ");
    throw lab::ConfigError({Diagnostic{{}, "recipe", "'" + name_or_path + "' is not a built-in recipe (" + names +
                                                         "): pass one of those or the path of a recipe file"}});
  }
  return parse_recipe(it->second, "builtin:" + it->first);
}

std::vector<std::string> builtin_recipe_names() {
  std::vector<std::string> names;
  for (const auto& [name, text] : builtin_recipes()) names.push_back(name);
  return names;
}

}  // namespace klab::images
