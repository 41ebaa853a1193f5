// Sizes ("512MiB") and rates ("400/s") as written in scenario files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace firedrill {

inline constexpr std::int64_t kKiB = 1024;
inline constexpr std::int64_t kMiB = 1024 * kKiB;
inline constexpr std::int64_t kGiB = 1024 * kMiB;

// Parses a byte size: "512MiB", "1.5GiB", "256KiB", "100MB", "4096", "4096B".
// Binary units KiB MiB GiB TiB; decimal units KB MB GB TB; B or no unit for
// bytes. Rounded to whole bytes. Throws InputError (without location).
std::int64_t parse_bytes(std::string_view text);

// "1GiB", "300MiB", "1.5GiB", "512B": the largest binary unit, up to 3 decimals.
std::string format_bytes(double bytes);

// Parses an event rate as events per second: "400/s", "30/m", "3600/h", or a
// plain number meaning per second. Throws InputError (without location).
double parse_rate(std::string_view text);

}  // namespace firedrill
