#pragma once
// Typed scenario-file fields on top of lab::YamlReader (internal to the parser): each
// records a diagnostic with file:line:column and the field when the value is wrong.
#include <optional>
#include <string>
#include <vector>

#include "lab/yaml_reader.hpp"
#include "scenarios/scenario.hpp"

namespace klab::scenarios {

std::optional<Millis> read_duration(lab::YamlReader& r, const YAML::Node& map, const std::string& key,
                                    const std::string& field);
std::optional<bool> read_bool(lab::YamlReader& r, const YAML::Node& map, const std::string& key,
                              const std::string& field);
/// A list of words; a single scalar is refused (write [a] for one element).
std::vector<std::string> read_words(lab::YamlReader& r, const YAML::Node& map, const std::string& key,
                                    const std::string& field);
/// 3000 (ms), "3s", "derived" or "derived:<kind>".
std::optional<BoundSpec> read_bound(lab::YamlReader& r, const YAML::Node& map, const std::string& key,
                                    const std::string& field);
/// Lower-case words with dashes: names of scenarios and cases.
bool is_slug(const std::string& text);

Expectations read_expectations(lab::YamlReader& r, const YAML::Node& node, const std::string& field);
std::optional<Case> read_case(lab::YamlReader& r, const YAML::Node& node, const std::string& field);

}  // namespace klab::scenarios
