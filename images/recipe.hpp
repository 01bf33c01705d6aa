#pragma once
// Image recipes: what goes into a base image and how it boots. A recipe is a YAML file
// (images/recipes/<name>.yaml, embedded in the binary; or any file a user names).
// Parsing collects every problem into one lab::ConfigError with file:line:column.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace klab::images {

struct CloudInitSettings {
  std::vector<std::string> datasources;    // datasource_list, e.g. [NoCloud]
  std::vector<std::string> init_modules;   // cloud_init_modules   (cloud-init.service)
  std::vector<std::string> config_modules; // cloud_config_modules (cloud-config.service)
  std::vector<std::string> final_modules;  // cloud_final_modules  (cloud-final.service)
  bool modules_set = false;                // false: keep the distribution's module lists
  std::string settings_yaml;               // more cloud.cfg keys (YAML mapping), may be empty
};

struct ServiceSettings {
  std::vector<std::string> enable;   // systemd units enabled in the image
  std::vector<std::string> disable;  // units installed by packages but not started at boot
  std::vector<std::string> mask;     // units that must never run (masked)
};

struct Recipe {
  std::string name;                      // image name in the cache: [a-z0-9][a-z0-9._-]*
  std::string suite = "bookworm";
  std::string mirror;                    // empty: the host's apt sources, else deb.debian.org
  std::vector<std::string> components = {"main"};
  std::vector<std::string> packages;     // installed on top of mmdebstrap's "apt" variant
  std::uint64_t disk_size = 0;           // bytes; size of the root filesystem
  std::string kernel_cmdline;            // for direct kernel boot
  std::vector<std::string> initramfs_modules;  // MODULES=list: only these in the initrd
  ServiceSettings services;
  std::map<std::string, std::string> files;   // absolute path in the image -> content
  CloudInitSettings cloud_init;
  std::string source;                    // "builtin:debian-12" or the file path
};

/// Parses recipe YAML. `source` names it in diagnostics. Throws lab::ConfigError.
Recipe parse_recipe(const std::string& yaml_text, const std::string& source);

/// A built-in recipe by name ("debian-12"), or a recipe file when `name_or_path`
/// contains '/' or ends in .yaml/.yml. Unknown names and unreadable files are
/// ConfigErrors that list the built-in recipes.
Recipe load_recipe(const std::string& name_or_path);

/// Names of the recipes embedded in the binary, sorted.
std::vector<std::string> builtin_recipe_names();

/// Hex sha256 over a canonical form of everything that shapes the image (not the
/// source path, not YAML formatting or comments) plus the builder's revision, so an
/// unchanged recipe maps onto the same cached image.
std::string recipe_hash(const Recipe& recipe);

/// The mirror a build uses: the recipe's, else the first Debian URI in the host's apt
/// sources (/etc/apt/sources.list{,.d/*.list,.d/*.sources}), else deb.debian.org.
std::string effective_mirror(const Recipe& recipe, const std::string& apt_etc = "/etc/apt");

/// "4G", "512M", "4GiB", "1073741824" -> bytes; 0 when malformed.
std::uint64_t parse_size(const std::string& text);

}  // namespace klab::images
