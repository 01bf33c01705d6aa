// recipe_hash(): a digest of the recipe's meaning, not of its text.
#include <nlohmann/json.hpp>

#include "images/recipe.hpp"
#include "images/sha256.hpp"

namespace klab::images {

namespace {
// Bump when the builder changes what it makes from the same recipe (files it writes,
// mmdebstrap options), so cached images built by an older klab are rebuilt.
constexpr int kBuilderRevision = 1;
}  // namespace

std::string recipe_hash(const Recipe& r) {
  nlohmann::json j = {
      {"builder_revision", kBuilderRevision},
      {"name", r.name},
      {"suite", r.suite},
      {"mirror", r.mirror},
      {"components", r.components},
      {"packages", r.packages},
      {"disk_size", r.disk_size},
      {"kernel_cmdline", r.kernel_cmdline},
      {"initramfs_modules", r.initramfs_modules},
      {"services", {{"enable", r.services.enable}, {"disable", r.services.disable}, {"mask", r.services.mask}}},
      {"files", r.files},
      {"cloud_init",
       {{"datasources", r.cloud_init.datasources},
        {"modules_set", r.cloud_init.modules_set},
        {"init", r.cloud_init.init_modules},
        {"config", r.cloud_init.config_modules},
        {"final", r.cloud_init.final_modules},
        {"settings", r.cloud_init.settings_yaml}}},
  };
  // nlohmann::json keeps object keys sorted, so dump() is canonical.
  return sha256_hex(j.dump());
}

}  // namespace klab::images
