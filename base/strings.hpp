#pragma once
// The string helpers every library needs for messages and parsing.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace klab::base {

/// The items of `range` with `separator` between them: join({"a", "b"}, ", ") is "a, b".
/// `to_text` turns an item into its text (default: the item itself).
template <class Range, class ToText>
std::string join(const Range& range, std::string_view separator, ToText to_text) {
  std::string out;
  bool first = true;
  for (const auto& item : range) {
    if (!first) out += separator;
    first = false;
    out += to_text(item);
  }
  return out;
}

template <class Range>
std::string join(const Range& range, std::string_view separator) {
  return join(range, separator, [](const auto& item) -> decltype(auto) { return item; });
}

/// ASCII lower case (host names, hex digests, file suffixes).
inline std::string to_lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

/// `text` without leading and trailing white space.
inline std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace klab::base
