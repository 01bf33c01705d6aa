#pragma once
// Durations in scenario files: "250ms", "30s", "2m", "1m30s". A bare number is refused:
// the unit is part of the meaning.
#include <chrono>
#include <optional>
#include <string>

namespace klab::scenarios {

/// nullopt when `text` is not a duration in the format above.
std::optional<std::chrono::milliseconds> parse_duration(const std::string& text);

/// "1.5s", "250ms", "2m0s": short, for reports and messages.
std::string format_duration(std::chrono::milliseconds d);

}  // namespace klab::scenarios
