#pragma once
// The templates compiled into klab. Their source of truth is provisioner/templates/
// *.mustache; builtin_templates.cpp is generated from them by embed.sh, and a unit test
// fails when the two differ.
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
