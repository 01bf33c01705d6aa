#pragma once
// The scenario files compiled into klab. Their source of truth is scenarios/builtin/
// *.yaml; builtin_scenarios.cpp is generated from them by builtin/embed.sh, and a unit
// test fails when the two differ.
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
