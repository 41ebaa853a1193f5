// "Did you mean" suggestions for misspelt names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace firedrill {

// Edit distance (insertions, deletions, substitutions, adjacent swaps).
std::size_t edit_distance(std::string_view a, std::string_view b);

// " (did you mean 'checkout'?)" for the closest candidate within a distance
// that makes a typo plausible (about a third of the word), else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace firedrill
