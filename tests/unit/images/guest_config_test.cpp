#include "images/guest_config.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "base/process.hpp"
#include "temp_cache.hpp"

namespace klab::images {
namespace {

std::vector<std::string> seq(const YAML::Node& n) { return n.as<std::vector<std::string>>(); }

TEST(GuestConfig, CloudCfgOfTheDefaultRecipe) {
  Recipe r = load_recipe("debian-12");
  std::string text = render_cloud_cfg(r);
  EXPECT_TRUE(text.starts_with("# Written by klab from recipe builtin:debian-12"));
  YAML::Node cfg = YAML::Load(text);
  EXPECT_EQ(seq(cfg["datasource_list"]), std::vector<std::string>{"NoCloud"});
  EXPECT_EQ(seq(cfg["cloud_init_modules"]), r.cloud_init.init_modules);
  EXPECT_TRUE(seq(cfg["cloud_config_modules"]).empty());
  EXPECT_EQ(seq(cfg["cloud_final_modules"]), r.cloud_init.final_modules);
  EXPECT_EQ(seq(cfg["system_info"]["network"]["renderers"]), std::vector<std::string>{"networkd"});
  EXPECT_EQ(seq(cfg["ssh_genkeytypes"]), std::vector<std::string>{"ed25519"});
  EXPECT_TRUE(cfg["system_info"]["default_user"].IsNull());
}

TEST(GuestConfig, CloudCfgKeepsDistributionModulesWhenTheRecipeSetsNone) {
  Recipe r = parse_recipe("name: t\ndisk_size: 2G\npackages: [a1]\nkernel_cmdline: root=/dev/vda\n", "t.yaml");
  YAML::Node cfg = YAML::Load(render_cloud_cfg(r));
  EXPECT_FALSE(cfg["cloud_init_modules"]);
  EXPECT_FALSE(cfg["datasource_list"]);
}

TEST(GuestConfig, CloudCfgPassesCloudInitsOwnSchema) {
  // Debian's cloud-init validates the module names and settings we write.
  if (base::run_process({"sh", "-c", "command -v cloud-init"}).exit_code != 0) GTEST_SKIP() << "SKIPPED: no cloud-init";
  testing::TempDir dir;
  testing::write_file(dir.path() / "90-klab.cfg", "#cloud-config\n" + render_cloud_cfg(load_recipe("debian-12")));
  base::ProcessResult r = base::run_process({"cloud-init", "schema", "--config-file", (dir.path() / "90-klab.cfg").string()});
  EXPECT_TRUE(r.ok()) << r.output << r.errors;
}

TEST(GuestConfig, EarlyOverlayLimitsTheInitrd) {
  testing::TempDir dir;
  write_early_overlay(load_recipe("debian-12"), dir.path());
  EXPECT_NE(testing::read_file(dir.path() / "etc/initramfs-tools/conf.d/klab.conf").find("MODULES=list"),
            std::string::npos);
  std::string modules = testing::read_file(dir.path() / "usr/share/initramfs-tools/modules.d/klab");
  EXPECT_NE(modules.find("\nvirtio_blk\n"), std::string::npos) << modules;
  EXPECT_NE(modules.find("\nvirtio_pci\n"), std::string::npos) << modules;
}

TEST(GuestConfig, NoInitramfsModulesKeepsTheDefault) {
  testing::TempDir dir;
  Recipe r = parse_recipe("name: t\ndisk_size: 2G\npackages: [a1]\nkernel_cmdline: root=/dev/vda\n", "t.yaml");
  write_early_overlay(r, dir.path());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "etc"));
}

}  // namespace
}  // namespace klab::images
