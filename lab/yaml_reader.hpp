#pragma once
// YamlReader: strict, typed access to a yaml-cpp document that records every problem
// as a Diagnostic (file:line:column + field) instead of throwing at the first one.
// Used for klab.yaml and reusable for any other user-written YAML (scenarios, recipes).
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "lab/diagnostics.hpp"

namespace klab::lab {

class YamlReader {
 public:
  explicit YamlReader(std::string source) : source_(std::move(source)) {}

  /// Parses text; syntax errors and an empty document are recorded. Returns an
  /// undefined node (`!node` is true) on failure.
  YAML::Node load(const std::string& text);

  SourcePos pos(const YAML::Node& node) const;
  /// Position of map[key] when present, else of the map itself.
  SourcePos pos_of(const YAML::Node& map, const std::string& key) const;
  void error_at(const SourcePos& at, const std::string& field, const std::string& message);
  void warning_at(const SourcePos& at, const std::string& field, const std::string& message);
  void error(const YAML::Node& at, const std::string& field, const std::string& message);
  void warning(const YAML::Node& at, const std::string& field, const std::string& message);

  /// True if `node` is a map; otherwise records "expected a mapping".
  bool expect_map(const YAML::Node& node, const std::string& field);
  /// Records every key of `map` not in `allowed`, with a did-you-mean suggestion.
  void check_keys(const YAML::Node& map, const std::string& field,
                  const std::vector<std::string>& allowed);

  /// Typed getters for map[key]: absent → nullopt (no diagnostic); wrong type → nullopt
  /// plus a diagnostic naming the field, the value and an example of a right one.
  std::optional<std::string> string(const YAML::Node& map, const std::string& key,
                                    const std::string& field);
  std::optional<int> integer(const YAML::Node& map, const std::string& key,
                             const std::string& field, int min, int max,
                             const std::string& unit_hint, int example);
  /// One of `choices`; anything else is reported with the list of choices.
  std::optional<std::string> choice(const YAML::Node& map, const std::string& key,
                                    const std::string& field,
                                    const std::vector<std::string>& choices);

  bool has_errors() const { return !errors_.empty(); }
  const std::vector<Diagnostic>& errors() const { return errors_; }
  const std::vector<Diagnostic>& warnings() const { return warnings_; }
  const std::string& source() const { return source_; }

  /// Throws ConfigError with every error recorded, if any.
  void throw_if_errors() const;

 private:
  std::string source_;
  std::vector<Diagnostic> errors_;
  std::vector<Diagnostic> warnings_;
};

/// `field + "." + key`, or `key` when field is empty.
std::string join_field(const std::string& field, const std::string& key);

}  // namespace klab::lab
