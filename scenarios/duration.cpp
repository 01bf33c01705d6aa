#include "scenarios/duration.hpp"

#include <cctype>
#include <cstdint>
#include <cstdio>

namespace klab::scenarios {

std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    std::int64_t value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      value = value * 10 + (text[i] - '0');
      if (value > 100'000'000) return std::nullopt;  // over a day: surely a typo
      ++i;
    }
    std::string unit;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) unit += text[i++];
    if (unit == "ms") total_ms += value;
    else if (unit == "s") total_ms += value * 1000;
    else if (unit == "m") total_ms += value * 60'000;
    else if (unit == "h") total_ms += value * 3'600'000;
    else return std::nullopt;
  }
  return std::chrono::milliseconds(total_ms);
}

std::string format_duration(std::chrono::milliseconds d) {
  const long long ms = d.count();
  char buf[64];
  if (ms < 0) return "-" + format_duration(-d);
  if (ms < 1000) std::snprintf(buf, sizeof buf, "%lldms", ms);
  else if (ms < 60'000 && ms % 1000 == 0) std::snprintf(buf, sizeof buf, "%llds", ms / 1000);
  else if (ms < 60'000) std::snprintf(buf, sizeof buf, "%.3gs", static_cast<double>(ms) / 1000.0);
  else if (ms % 60'000 == 0) std::snprintf(buf, sizeof buf, "%lldm", ms / 60'000);
  else std::snprintf(buf, sizeof buf, "%lldm%llds", ms / 60'000, (ms % 60'000) / 1000);
  return buf;
}

}  // namespace klab::scenarios
