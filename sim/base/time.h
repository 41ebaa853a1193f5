// Simulated time: an integer count of microseconds since the start of a run.
//
// There is no floating-point clock anywhere in the model. Durations in user
// files are strings ("250ms", "5m", "1h30m") parsed by parse_duration, the one
// duration parser of the project.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace firedrill {

// Microseconds of simulated time since the run started (or a duration).
using SimTime = std::int64_t;

inline constexpr SimTime kMicrosecond = 1;
inline constexpr SimTime kMillisecond = 1000;
inline constexpr SimTime kSecond = 1000 * kMillisecond;
inline constexpr SimTime kMinute = 60 * kSecond;
inline constexpr SimTime kHour = 60 * kMinute;
inline constexpr SimTime kDay = 24 * kHour;
// Later than any event of any run.
inline constexpr SimTime kForever = INT64_MAX;

// Parses "250ms", "1.5s", "5m", "1h30m", "100us", "2d", or "0".
// Units: us, ms, s, m, h, d. Components may repeat in decreasing order of
// unit ("1h30m15s"); a number may have a fraction ("1.5s"). The result is
// rounded to the nearest microsecond.
// Throws InputError (without location) naming what was expected.
SimTime parse_duration(std::string_view text);

// The inverse of parse_duration for display: "1h30m", "250ms", "1.5s", "0s".
// Round trips: parse_duration(format_duration(d)) == d.
std::string format_duration(SimTime d);

// A run clock for logs and timelines: "00:12:34.567" (hours may exceed 24).
std::string format_clock(SimTime t);

// Seconds as a double, for reporting only (never for model state).
inline double to_seconds(SimTime t) {
  return static_cast<double>(t) / kSecond;
}

}  // namespace firedrill
