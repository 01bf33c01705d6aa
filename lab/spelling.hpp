#pragma once
// "did you mean" suggestions for mistyped keys, commands and names.
#include <optional>
#include <string>
#include <vector>

namespace klab::lab {

/// Edit distance counting insertions, deletions, substitutions and adjacent swaps.
std::size_t edit_distance(const std::string& a, const std::string& b);

/// The closest candidate within a small distance of `word` (about a third of its length,
/// at least 1), or nullopt when nothing is close enough to be a likely typo.
std::optional<std::string> closest_match(const std::string& word,
                                         const std::vector<std::string>& candidates);

}  // namespace klab::lab
