#pragma once
// The recipe files of images/recipes/, embedded so that `klab image build` works from
// any directory. builtin.cpp is generated from the .yaml files by embed.sh; a unit
// test fails when the two drift apart.
#include <map>
#include <string>

namespace klab::images {

/// name -> YAML text of every built-in recipe.
const std::map<std::string, std::string>& builtin_recipes();

}  // namespace klab::images
