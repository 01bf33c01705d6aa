#pragma once
// The scenario files compiled into klab: scenarios/builtin/*.yaml, embedded at build
// time (cmake/klab_embed.cmake writes builtin_scenarios.cpp into the build tree).
#include <string_view>
#include <vector>

namespace klab::scenarios {

struct BuiltinScenario {
  std::string_view file;  // "etcd-rejoin.yaml"
  std::string_view text;
};

/// Every built-in scenario file, sorted by file name.
const std::vector<BuiltinScenario>& builtin_scenarios();

}  // namespace klab::scenarios
