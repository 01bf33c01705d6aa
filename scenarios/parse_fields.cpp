#include "scenarios/parse_fields.hpp"

#include <algorithm>
#include <cctype>

#include "scenarios/duration.hpp"
#include "scenarios/scenario_words.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {

std::optional<Millis> read_duration(lab::YamlReader& r, const YAML::Node& map, const std::string& key,
                                    const std::string& field) {
  auto text = r.string(map, key, field);
  if (!text) return std::nullopt;
  auto d = parse_duration(*text);
  if (!d) r.error(map[key], field, "'" + *text + "' is not a duration: write it like 500ms, 30s or 2m");
  return d;
}

std::optional<bool> read_bool(lab::YamlReader& r, const YAML::Node& map, const std::string& key,
                              const std::string& field) {
  auto text = r.string(map, key, field);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  r.error(map[key], field, "'" + *text + "' is not true or false");
  return std::nullopt;
}

std::vector<std::string> read_words(lab::YamlReader& r, const YAML::Node& map, const std::string& key,
                                    const std::string& field) {
  std::vector<std::string> out;
  const YAML::Node node = map[key];
  if (!node) return out;
  if (!node.IsSequence()) {
    r.error(node, field, "expected a list, for example [" + (node.IsScalar() ? node.Scalar() : "a, b") + "]");
    return out;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    if (!item.IsScalar() || item.Scalar().empty()) {
      r.error(item, field + "[" + std::to_string(i) + "]", "expected a text value");
      continue;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::optional<BoundSpec> read_bound(lab::YamlReader& r, const YAML::Node& map, const std::string& key,
                                    const std::string& field) {
  auto text = r.string(map, key, field);
  if (!text) return std::nullopt;
  BoundSpec bound;
  if (*text == "derived") return bound;
  if (text->rfind("derived:", 0) == 0) {
    auto kind = parse_bound_kind(text->substr(8));
    if (kind) {
      bound.derived = *kind;
      return bound;
    }
    std::string all = base::join(bound_kind_words(), ", ");
    r.error(map[key], field, "unknown bound '" + text->substr(8) + "': use derived or derived:<" + all + ">");
    return std::nullopt;
  }
  if (!text->empty() && std::all_of(text->begin(), text->end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    bound.literal = Millis(std::stoll(*text));
    return bound;
  }
  if (auto d = parse_duration(*text)) {
    bound.literal = *d;
    return bound;
  }
  r.error(map[key], field,
          "'" + *text + "' is not a bound: write milliseconds (3000), a duration (3s), derived, or "
          "derived:<kind>");
  return std::nullopt;
}

bool is_slug(const std::string& text) {
  return !text.empty() && std::islower(static_cast<unsigned char>(text[0])) &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
                  c == '-';
         });
}

}  // namespace klab::scenarios
