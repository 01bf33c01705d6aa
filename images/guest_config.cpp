#include "images/guest_config.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>

#include "base/process.hpp"
#include "base/error.hpp"

namespace klab::images {

namespace fs = std::filesystem;

namespace {

// Unit files can live in any of these (packages use /lib on Debian 12).
bool unit_installed(const fs::path& rootfs, const std::string& unit) {
  std::string file = unit;
  if (auto at = unit.find('@'); at != std::string::npos) {
    file = unit.substr(0, at + 1) + unit.substr(unit.rfind('.'));  // getty@tty1.service -> getty@.service
  }
  std::error_code ec;
  for (const char* dir : {"etc/systemd/system", "lib/systemd/system", "usr/lib/systemd/system"}) {
    if (fs::exists(fs::symlink_status(rootfs / dir / file, ec))) return true;
  }
  // A SysV script (ipvsadm) becomes <name>.service through systemd-sysv-generator.
  return unit.ends_with(".service") && fs::exists(rootfs / "etc/init.d" / unit.substr(0, unit.size() - 8), ec);
}

void systemctl(const fs::path& rootfs, const std::string& verb, const std::vector<std::string>& units,
               const std::string& field, const std::string& source, bool must_exist) {
  if (units.empty()) return;
  for (const auto& u : units) {
    if (must_exist && !unit_installed(rootfs, u)) {
      throw infra_error(source + ": " + field + ": unit " + u +
                        " is not installed by any package in the image: fix the name or remove it");
    }
  }
  std::vector<std::string> argv = {"chroot", rootfs.string(), "systemctl", "--quiet", verb};
  argv.insert(argv.end(), units.begin(), units.end());
  base::run_checked(argv);
}

fs::path inside(const fs::path& rootfs, const std::string& absolute) {
  return rootfs / fs::path(absolute).relative_path();
}

}  // namespace

void write_text_file(const fs::path& path, const std::string& content, fs::perms mode) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) throw infra_error("cannot create " + path.parent_path().string() + ": " + ec.message());
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) throw infra_error("cannot write " + path.string() + ": check free space");
  }
  fs::permissions(path, mode, ec);
  if (ec) throw infra_error("cannot chmod " + path.string() + ": " + ec.message());
}

void write_early_overlay(const Recipe& recipe, const fs::path& dir) {
  if (recipe.initramfs_modules.empty()) return;  // keep initramfs-tools' MODULES=most
  write_text_file(dir / "etc/initramfs-tools/conf.d/klab.conf",
                  "# klab: only the modules listed in /usr/share/initramfs-tools/modules.d/klab\n"
                  "MODULES=list\n");
  std::string list = "# klab: the initrd needs nothing but the root disk's driver\n";
  for (const auto& m : recipe.initramfs_modules) list += m + "\n";
  write_text_file(dir / "usr/share/initramfs-tools/modules.d/klab", list);
}

std::string render_cloud_cfg(const Recipe& recipe) {
  const CloudInitSettings& c = recipe.cloud_init;
  YAML::Node cfg = c.settings_yaml.empty() ? YAML::Node(YAML::NodeType::Map) : YAML::Load(c.settings_yaml);
  auto flow_list = [](const std::vector<std::string>& items) {
    YAML::Node n(YAML::NodeType::Sequence);
    for (const auto& i : items) n.push_back(i);
    n.SetStyle(YAML::EmitterStyle::Flow);
    return n;
  };
  if (!c.datasources.empty()) cfg["datasource_list"] = flow_list(c.datasources);
  if (c.modules_set) {
    cfg["cloud_init_modules"] = flow_list(c.init_modules);
    cfg["cloud_config_modules"] = flow_list(c.config_modules);
    cfg["cloud_final_modules"] = flow_list(c.final_modules);
  }
  YAML::Emitter out;
  out << cfg;
  return "# Written by klab from recipe " + recipe.source + " (see docs/images.md).\n" +
         std::string(out.c_str()) + "\n";
}

void configure_guest(const Recipe& recipe, const fs::path& rootfs) {
  for (const auto& [path, content] : recipe.files) write_text_file(inside(rootfs, path), content);

  write_text_file(rootfs / "etc/fstab",
                  "# klab: the whole disk is the root filesystem (direct kernel boot, root=/dev/vda)\n"
                  "/dev/vda / ext4 defaults,errors=remount-ro 0 0\n");
  write_text_file(rootfs / "etc/hostname", "localhost\n");  // cloud-init sets the real one
  write_text_file(rootfs / "etc/cloud/cloud.cfg.d/90-klab.cfg", render_cloud_cfg(recipe));

  // Every VM must get its own identity: no host keys (cloud-init writes the ones
  // klab pins), an empty machine-id (systemd generates one on boot).
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(rootfs / "etc/ssh", ec)) {
    if (e.path().filename().string().starts_with("ssh_host_")) fs::remove(e.path(), ec);
  }
  write_text_file(rootfs / "etc/machine-id", "");
  fs::remove(rootfs / "var/lib/dbus/machine-id", ec);
  fs::remove_all(rootfs / "var/lib/cloud", ec);  // no instance state from the build

  const std::string& src = recipe.source;
  systemctl(rootfs, "enable", recipe.services.enable, "services.enable", src, true);
  systemctl(rootfs, "disable", recipe.services.disable, "services.disable", src, true);
  systemctl(rootfs, "mask", recipe.services.mask, "services.mask", src, false);
}

}  // namespace klab::images
