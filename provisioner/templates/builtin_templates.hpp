#pragma once
// The templates compiled into klab: provisioner/templates/*.mustache, embedded at build
// time (cmake/klab_embed.cmake writes builtin_templates.cpp into the build tree).
#include <string_view>
#include <vector>

namespace klab::provisioner {

struct BuiltinTemplate {
  std::string_view name;  // file name, e.g. "haproxy.cfg.mustache"
  std::string_view text;
};

/// Every built-in template, sorted by name.
const std::vector<BuiltinTemplate>& builtin_templates();

}  // namespace klab::provisioner
