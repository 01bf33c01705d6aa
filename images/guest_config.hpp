#pragma once
// What klab changes inside a bootstrapped root filesystem so the image boots fast and
// does only what the lab needs (everything recipe-driven; see docs/images.md).
#include <filesystem>
#include <string>

#include "images/recipe.hpp"

namespace klab::images {

/// Files that must exist before the kernel package is installed (the initramfs
/// settings: MODULES=list and the module list), as a tree under `dir` that mmdebstrap
/// copies into the chroot with an essential hook.
void write_early_overlay(const Recipe& recipe, const std::filesystem::path& dir);

/// /etc/cloud/cloud.cfg.d/90-klab.cfg: datasource_list, module lists, settings.
std::string render_cloud_cfg(const Recipe& recipe);

/// After mmdebstrap: recipe files, fstab, hostname, cloud-init config, unit
/// enable/disable/mask (chroot systemctl), no SSH host keys, an empty machine-id.
void configure_guest(const Recipe& recipe, const std::filesystem::path& rootfs);

/// Writes `content` to `path`, creating parent directories (0755), mode `mode`.
void write_text_file(const std::filesystem::path& path, const std::string& content,
                     std::filesystem::perms mode = std::filesystem::perms(0644));

}  // namespace klab::images
