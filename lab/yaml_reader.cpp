#include "lab/yaml_reader.hpp"

#include <algorithm>
#include <charconv>

#include "lab/spelling.hpp"
#include "base/strings.hpp"

namespace klab::lab {

namespace {
std::string describe(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "nothing";
}

}  // namespace

std::string join_field(const std::string& field, const std::string& key) {
  return field.empty() ? key : field + "." + key;
}

YAML::Node YamlReader::load(const std::string& text) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    errors_.push_back({{source_, e.mark.line + 1, e.mark.column + 1}, "",
                       "YAML syntax error: " + e.msg});
    return YAML::Node(YAML::NodeType::Undefined);
  }
  if (!root || root.IsNull()) {
    errors_.push_back({{source_, 0, 0}, "",
                       "the file is empty: describe the lab in it (klab init writes a "
                       "commented example)"});
    return YAML::Node(YAML::NodeType::Undefined);
  }
  return root;
}

SourcePos YamlReader::pos(const YAML::Node& node) const {
  // A missing key yields an invalid node whose Mark() throws: it has no position.
  if (!node.IsDefined()) return {source_, 0, 0};
  const YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0) return {source_, 0, 0};
  return {source_, mark.line + 1, mark.column + 1};
}

SourcePos YamlReader::pos_of(const YAML::Node& map, const std::string& key) const {
  const YAML::Node node = map[key];
  return node.IsDefined() ? pos(node) : pos(map);
}

void YamlReader::error_at(const SourcePos& at, const std::string& field,
                          const std::string& message) {
  errors_.push_back({at, field, message});
}

void YamlReader::warning_at(const SourcePos& at, const std::string& field,
                            const std::string& message) {
  warnings_.push_back({at, field, message});
}

void YamlReader::error(const YAML::Node& at, const std::string& field,
                       const std::string& message) {
  errors_.push_back({pos(at), field, message});
}

void YamlReader::warning(const YAML::Node& at, const std::string& field,
                         const std::string& message) {
  warnings_.push_back({pos(at), field, message});
}

bool YamlReader::expect_map(const YAML::Node& node, const std::string& field) {
  if (node.IsMap()) return true;
  error(node, field, "expected a mapping (key: value lines), got " + describe(node));
  return false;
}

void YamlReader::check_keys(const YAML::Node& map, const std::string& field,
                            const std::vector<std::string>& allowed) {
  for (const auto& entry : map) {
    const std::string key = entry.first.as<std::string>("");
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string message = "unknown key '" + key + "'";
    if (auto suggestion = closest_match(key, allowed))
      message += " (did you mean '" + *suggestion + "'?)";
    message += "; allowed here: " + base::join(allowed, ", ");
    errors_.push_back({pos(entry.first), join_field(field, key), message});
  }
}

std::optional<std::string> YamlReader::string(const YAML::Node& map, const std::string& key,
                                              const std::string& field) {
  const YAML::Node node = map[key];
  if (!node) return std::nullopt;
  if (!node.IsScalar() || node.Scalar().empty()) {
    error(node, field, "expected a text value, got " + describe(node));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<int> YamlReader::integer(const YAML::Node& map, const std::string& key,
                                       const std::string& field, int min, int max,
                                       const std::string& unit_hint, int example) {
  const YAML::Node node = map[key];
  if (!node) return std::nullopt;
  int value = 0;
  const std::string text = node.IsScalar() ? node.Scalar() : "";
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!node.IsScalar() || text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) {
    error(node, field,
          "expected a whole number" + (unit_hint.empty() ? "" : " of " + unit_hint) + ", got " +
              describe(node) + " (for example " + key + ": " + std::to_string(example) + ")");
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(node, field,
          std::to_string(value) + " is out of range: use " + std::to_string(min) + " to " +
              std::to_string(max) + (unit_hint.empty() ? "" : " " + unit_hint));
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> YamlReader::choice(const YAML::Node& map, const std::string& key,
                                              const std::string& field,
                                              const std::vector<std::string>& choices) {
  auto value = string(map, key, field);
  if (!value) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *value) != choices.end()) return value;
  std::string message = "'" + *value + "' is not one of: " + base::join(choices, ", ");
  if (auto suggestion = closest_match(*value, choices))
    message += " (did you mean '" + *suggestion + "'?)";
  error(map[key], field, message);
  return std::nullopt;
}

void YamlReader::throw_if_errors() const {
  if (!errors_.empty()) throw ConfigError(errors_);
}

}  // namespace klab::lab
