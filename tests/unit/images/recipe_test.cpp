#include "images/recipe.hpp"

#include <gtest/gtest.h>

#include "lab/diagnostics.hpp"

namespace klab::images {
namespace {

const std::string kMinimal = R"(name: tiny
disk_size: 2G
packages: [linux-image-cloud-amd64, systemd-sysv]
kernel_cmdline: root=/dev/vda rw console=ttyS0
)";

// Parses and returns every diagnostic (fails the test if parsing succeeds).
std::vector<lab::Diagnostic> problems(const std::string& yaml) {
  try {
    parse_recipe(yaml, "r.yaml");
  } catch (const lab::ConfigError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    return e.diagnostics();
  }
  ADD_FAILURE() << "recipe parsed but should not have:\n" << yaml;
  return {};
}

// The single diagnostic for `yaml`, which must name `field` and contain `text`.
void expect_problem(const std::string& yaml, const std::string& field, int line, const std::string& text) {
  auto d = problems(yaml);
  ASSERT_EQ(d.size(), 1u) << (d.empty() ? "" : d[0].str());
  EXPECT_EQ(d[0].field, field) << d[0].str();
  EXPECT_EQ(d[0].pos.file, "r.yaml");
  EXPECT_EQ(d[0].pos.line, line) << d[0].str();
  EXPECT_NE(d[0].message.find(text), std::string::npos) << d[0].str();
}

TEST(Recipe, MinimalRecipeGetsDefaults) {
  Recipe r = parse_recipe(kMinimal, "r.yaml");
  EXPECT_EQ(r.name, "tiny");
  EXPECT_EQ(r.suite, "bookworm");
  EXPECT_EQ(r.components, std::vector<std::string>{"main"});
  EXPECT_EQ(r.disk_size, 2ULL << 30);
  EXPECT_EQ(r.packages.size(), 2u);
  EXPECT_TRUE(r.mirror.empty());
  EXPECT_FALSE(r.cloud_init.modules_set);
  EXPECT_EQ(r.source, "r.yaml");
}

TEST(Recipe, BuiltinDebian12HasTheLabPackagesAndFastBootSettings) {
  Recipe r = load_recipe("debian-12");
  EXPECT_EQ(r.source, "builtin:debian-12");
  for (const char* p : {"linux-image-cloud-amd64", "systemd", "cloud-init", "openssh-server", "chrony", "iproute2",
                        "nftables", "iptables", "conntrack", "ipvsadm", "curl", "dnsutils", "etcd-server",
                        "etcd-client", "haproxy", "keepalived", "containerd", "runc", "systemd-resolved"}) {
    EXPECT_NE(std::find(r.packages.begin(), r.packages.end(), p), r.packages.end()) << p;
  }
  EXPECT_EQ(r.cloud_init.datasources, std::vector<std::string>{"NoCloud"});
  EXPECT_TRUE(r.cloud_init.modules_set);
  EXPECT_TRUE(r.cloud_init.config_modules.empty());
  for (const char* unit : {"etcd.service", "haproxy.service", "keepalived.service", "containerd.service",
                           "apt-daily.timer", "e2scrub_reap.service"}) {
    EXPECT_NE(std::find(r.services.disable.begin(), r.services.disable.end(), unit), r.services.disable.end())
        << unit;
  }
  EXPECT_NE(r.kernel_cmdline.find("root=/dev/vda"), std::string::npos);
  EXPECT_NE(r.kernel_cmdline.find("console=ttyS0"), std::string::npos);
}

TEST(Recipe, LoadsAFileByPath) {
  Recipe r = load_recipe(std::string(KLAB_FIXTURES_DIR) + "/images/minimal.yaml");
  EXPECT_EQ(r.name, "tiny");
  EXPECT_EQ(r.source, std::string(KLAB_FIXTURES_DIR) + "/images/minimal.yaml");
}

TEST(Recipe, UnknownBuiltinNamesTheBuiltins) {
  try {
    load_recipe("debian-99");
    FAIL() << "no error";
  } catch (const lab::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("debian-12"), std::string::npos) << e.what();
  }
}

TEST(Recipe, MissingFileIsAConfigErrorNamingIt) {
  try {
    load_recipe("/nonexistent/recipe.yaml");
    FAIL() << "no error";
  } catch (const lab::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/recipe.yaml"), std::string::npos) << e.what();
  }
}

TEST(Recipe, ReportsEveryProblemOfAFileWithItsLine) {
  std::string path = std::string(KLAB_FIXTURES_DIR) + "/images/bad-many.yaml";
  try {
    load_recipe(path);
    FAIL() << "no error";
  } catch (const lab::ConfigError& e) {
    std::map<std::string, int> line_of;
    for (const auto& d : e.diagnostics()) {
      EXPECT_EQ(d.pos.file, path);
      line_of[d.field] = d.pos.line;
    }
    EXPECT_EQ(line_of["name"], 2);
    EXPECT_EQ(line_of["disk_size"], 4);
    EXPECT_EQ(line_of["packages[1]"], 7);
    EXPECT_EQ(line_of["packages[2]"], 8);  // listed twice
    EXPECT_EQ(line_of["kernel_cmdline"], 9);
    EXPECT_EQ(line_of["colour"], 10);
    EXPECT_EQ(e.diagnostics().size(), 6u) << e.what();
    EXPECT_NE(std::string(e.what()).find(path + ":10:1: colour: unknown field"), std::string::npos) << e.what();
  }
}

TEST(Recipe, YamlSyntaxErrorHasLineAndColumn) {
  auto d = problems("name: x\npackages: [a, b\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("YAML syntax error"), std::string::npos);
  EXPECT_GE(d[0].pos.line, 2);
}

TEST(Recipe, DocumentMustBeAMapping) { EXPECT_EQ(problems("- a\n- b\n").at(0).field, ""); }

TEST(Recipe, RequiredFields) {
  auto d = problems("suite: bookworm\n");
  std::set<std::string> fields;
  for (const auto& x : d) fields.insert(x.field);
  EXPECT_EQ(fields, (std::set<std::string>{"name", "disk_size", "packages", "kernel_cmdline"}));
  for (const auto& x : d) EXPECT_NE(x.message.find("is required"), std::string::npos) << x.str();
}

TEST(Recipe, BadValues) {
  expect_problem(kMinimal + "mirror: ftp://example.org/debian\n", "mirror", 5, "is not an http://");
  expect_problem(kMinimal + "suite: Book Worm\n", "suite", 5, "expected a Debian suite");
  expect_problem(kMinimal + "components: main\n", "components", 5, "must be a list");
  expect_problem(kMinimal + "initramfs_modules: [virtio_blk, 'bad mod']\n", "initramfs_modules[1]", 5,
                 "kernel module");
  expect_problem("name: tiny\ndisk_size: 512M\npackages: [a1]\nkernel_cmdline: root=/dev/vda\n", "disk_size", 2,
                 "out of range");
  expect_problem("name: tiny\ndisk_size: [4G]\npackages: [a1]\nkernel_cmdline: root=/dev/vda\n", "disk_size", 2,
                 "single value");
  expect_problem("name: tiny\ndisk_size: 4G\npackages: []\nkernel_cmdline: root=/dev/vda\n", "packages", 3,
                 "at least one");
  expect_problem("name: tiny\ndisk_size: 4G\npackages: linux\nkernel_cmdline: root=/dev/vda\n", "packages", 3,
                 "must be a list");
  expect_problem("name: ../etc\ndisk_size: 4G\npackages: [a1]\nkernel_cmdline: root=/dev/vda\n", "name", 1,
                 "not valid");
}

TEST(Recipe, BadServices) {
  expect_problem(kMinimal + "services:\n  disable: [apt-daily]\n", "services.disable[0]", 6, "systemd unit");
  expect_problem(kMinimal + "services:\n  stop: [a.service]\n", "services.stop", 6, "unknown field");
  expect_problem(kMinimal + "services: [a.service]\n", "services", 5, "must be a mapping");
  expect_problem(kMinimal + "services:\n  enable: [a.service]\n  mask: [a.service]\n", "services.enable", 6,
                 "also disabled or masked");
}

TEST(Recipe, BadFiles) {
  expect_problem(kMinimal + "files:\n  etc/motd: hi\n", "files.etc/motd", 6, "absolute");
  expect_problem(kMinimal + "files:\n  /etc/../root/x: hi\n", "files./etc/../root/x", 6, "absolute");
  expect_problem(kMinimal + "files:\n  /etc/motd: [hi]\n", "files./etc/motd", 6, "must be text");
  Recipe r = parse_recipe(kMinimal + "files:\n  /etc/motd: |\n    hello\n", "r.yaml");
  EXPECT_EQ(r.files.at("/etc/motd"), "hello\n");
}

TEST(Recipe, BadCloudInit) {
  expect_problem(kMinimal + "cloud_init:\n  datasources: []\n", "cloud_init.datasources", 6, "at least one");
  expect_problem(kMinimal + "cloud_init:\n  modules:\n    late: [x]\n", "cloud_init.modules.late", 7,
                 "unknown field");
  expect_problem(kMinimal + "cloud_init:\n  settings:\n    datasource_list: [Ec2]\n",
                 "cloud_init.settings.datasource_list", 7, "move it there");
  expect_problem(kMinimal + "cloud_init:\n  modules:\n    config: [runcmd]\nservices:\n  disable: [cloud-config.service]\n",
                 "cloud_init.modules.config", 6, "would never run");
}

TEST(Recipe, ParseSize) {
  EXPECT_EQ(parse_size("4G"), 4ULL << 30);
  EXPECT_EQ(parse_size("4GiB"), 4ULL << 30);
  EXPECT_EQ(parse_size("512M"), 512ULL << 20);
  EXPECT_EQ(parse_size("1024"), 1024u);
  EXPECT_EQ(parse_size("4 G"), 4ULL << 30);
  EXPECT_EQ(parse_size("4g"), 0u);
  EXPECT_EQ(parse_size("-1G"), 0u);
  EXPECT_EQ(parse_size(""), 0u);
}

}  // namespace
}  // namespace klab::images
