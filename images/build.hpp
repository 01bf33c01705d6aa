#pragma once
// Building a base image from a recipe: mmdebstrap (Debian's archive only) into a
// directory, configured for fast boots, then an ext4 filesystem made with
// `mkfs.ext4 -d` (no loop mounts), converted to qcow2; kernel and initrd extracted
// for direct kernel boot. Needs root (mmdebstrap --mode=root).
#include <string>

#include "images/image_cache.hpp"
#include "images/progress.hpp"
#include "images/recipe.hpp"

namespace klab::images {

struct BuildOptions {
  bool force = false;  // rebuild even when the cached image matches the recipe
};

struct BuildResult {
  ImageInfo image;
  bool reused = false;  // the cache already held this recipe's image
};

/// Builds `recipe` into lab::image_dir(recipe.name), atomically: a failed build leaves
/// the cache as it was. An image built from the same recipe hash is reused unless
/// options.force. Throws an infrastructure Error (not root, a tool missing, the
/// archive unreachable, not enough disk) with the failing command's output as detail.
BuildResult build_image(const Recipe& recipe, const BuildOptions& options = {},
                        const ProgressFn& progress = {});

}  // namespace klab::images
