#pragma once
// The words a scenario file uses for roles, conditions, requirements and bound kinds,
// parsed back into the enums of scenario.hpp. nullopt for anything else.
#include <optional>
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace klab::scenarios {

/// "etcd:leader" ... "host:<name>", "all". The host name is not checked against a lab.
std::optional<TargetSpec> parse_target(const std::string& text);
std::optional<HoldCondition> parse_hold_condition(const std::string& text);
std::optional<Requirement> parse_requirement(const std::string& text);
std::optional<BoundKind> parse_bound_kind(const std::string& text);  // not "derived" itself

/// The spellings, for "one of: ..." messages.
std::vector<std::string> target_words();
std::vector<std::string> hold_condition_words();
std::vector<std::string> requirement_words();
std::vector<std::string> bound_kind_words();

}  // namespace klab::scenarios
