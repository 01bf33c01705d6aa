#pragma once
// Scenario files: strict parsing with every problem reported at once, each with
// file:line:column and the field (lab::ConfigError). docs/scenarios.md describes the format.
#include <string>

#include "scenarios/scenario.hpp"

namespace klab::scenarios {

/// Parses and validates one scenario file. `source` names it in messages
/// ("builtin:etcd-rejoin.yaml", "/home/me/scenarios/x.yaml").
/// Throws lab::ConfigError listing every problem.
Scenario parse_scenario(const std::string& text, const std::string& source);

}  // namespace klab::scenarios
