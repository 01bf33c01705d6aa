#include <gtest/gtest.h>

#include "images/recipe.hpp"
#include "images/recipes/builtin.hpp"
#include "temp_cache.hpp"

namespace klab::images {
namespace {

const std::string kRecipe = R"(name: tiny
disk_size: 2G
packages: [linux-image-cloud-amd64, systemd-sysv]
kernel_cmdline: root=/dev/vda rw console=ttyS0
cloud_init:
  settings:
    users: []
)";

TEST(RecipeHash, IsAHexSha256AndStable) {
  std::string h = recipe_hash(parse_recipe(kRecipe, "a.yaml"));
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h, recipe_hash(parse_recipe(kRecipe, "a.yaml")));
  EXPECT_EQ(recipe_hash(load_recipe("debian-12")), recipe_hash(load_recipe("debian-12")));
}

TEST(RecipeHash, IgnoresSourceCommentsAndFormatting) {
  std::string reformatted = R"(# a comment
name:   tiny
kernel_cmdline: "root=/dev/vda rw console=ttyS0"
packages:
  - linux-image-cloud-amd64   # the kernel
  - systemd-sysv
disk_size: 2048M
cloud_init: {settings: {users: []}}
)";
  EXPECT_EQ(recipe_hash(parse_recipe(kRecipe, "a.yaml")), recipe_hash(parse_recipe(reformatted, "elsewhere.yaml")));
}

TEST(RecipeHash, ChangesWithEverythingThatShapesTheImage) {
  std::string base = recipe_hash(parse_recipe(kRecipe, "a.yaml"));
  const std::vector<std::string> variants = {
      kRecipe + "suite: trixie\n",
      kRecipe + "mirror: http://mirror.example/debian\n",
      kRecipe + "initramfs_modules: [virtio_blk]\n",
      kRecipe + "services:\n  disable: [apt-daily.timer]\n",
      kRecipe + "files:\n  /etc/motd: hi\n",
      std::string(R"(name: tiny
disk_size: 3G
packages: [linux-image-cloud-amd64, systemd-sysv]
kernel_cmdline: root=/dev/vda rw console=ttyS0
cloud_init:
  settings:
    users: []
)"),
      std::string(R"(name: tiny
disk_size: 2G
packages: [linux-image-cloud-amd64, systemd-sysv, curl]
kernel_cmdline: root=/dev/vda rw console=ttyS0
cloud_init:
  settings:
    users: []
)"),
      std::string(R"(name: tiny
disk_size: 2G
packages: [linux-image-cloud-amd64, systemd-sysv]
kernel_cmdline: root=/dev/vda rw console=ttyS0 quiet
cloud_init:
  settings:
    users: [default]
)"),
  };
  std::set<std::string> seen = {base};
  for (const auto& v : variants) {
    std::string h = recipe_hash(parse_recipe(v, "a.yaml"));
    EXPECT_TRUE(seen.insert(h).second) << "hash did not change (or collided) for:\n" << v;
  }
}

TEST(BuiltinRecipes, MatchFilesOnDisk) {
  // The build embeds the recipes (cmake/klab_embed.cmake): byte-exact, none missing.
  const auto& builtins = builtin_recipes();
  std::filesystem::path dir = std::filesystem::path(KLAB_SOURCE_DIR) / "images/recipes";
  std::set<std::string> on_disk;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".yaml") continue;
    std::string name = e.path().stem().string();
    on_disk.insert(name);
    ASSERT_TRUE(builtins.count(name)) << name << " is not embedded: re-run cmake";
    EXPECT_EQ(builtins.at(name), testing::read_file(e.path()))
        << e.path() << " differs from the embedded copy: rebuild";
  }
  EXPECT_EQ(on_disk.size(), builtins.size()) << "an embedded recipe has no file: re-run cmake";
  EXPECT_EQ(builtin_recipe_names(), std::vector<std::string>(on_disk.begin(), on_disk.end()));
}

TEST(BuiltinRecipes, AllParse) {
  for (const auto& name : builtin_recipe_names()) {
    Recipe r = load_recipe(name);
    EXPECT_EQ(r.name, name) << "a built-in recipe's name must match its file name";
  }
}

}  // namespace
}  // namespace klab::images
