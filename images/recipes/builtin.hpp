#pragma once
// The recipe files of images/recipes/, embedded so that `klab image build` works from
// any directory (cmake/klab_embed.cmake writes builtin_recipes.cpp into the build tree
// at build time).
#include <map>
#include <string>

namespace klab::images {

/// name -> YAML text of every built-in recipe.
const std::map<std::string, std::string>& builtin_recipes();

}  // namespace klab::images
