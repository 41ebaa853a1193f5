// Locale-independent reading of the numeric part of values like "1.5s" or
// "512MiB". Shared by the duration, size and rate parsers.
#pragma once

#include <cstddef>
#include <string_view>

namespace firedrill {

// A number read from the start of a string.
struct NumberPrefix {
  double value = 0;
  std::size_t length = 0;  // characters consumed; 0 if the text does not start with a number
};

// Reads a plain decimal number ("12", "-3", "0.25"; no exponent) from the
// start of `text`.
NumberPrefix read_number_prefix(std::string_view text);

}  // namespace firedrill
