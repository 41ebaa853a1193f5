// The values notation of promtool's `input_series`: "1 1+0.5x3 _x2 stale -Inf".
//
//   std::vector<SeriesValue> v = expand_series_values("0+10x2 _ stale");
//   // 0, 10, 20, missing, staleness marker: one per `interval` from time 0.
//
// Items, separated by blanks: a number (sign, decimals, exponent, Inf, NaN);
// `a+bxN` / `a-bxN`: N+1 values from a, adding b each time (by repeated
// addition, as Prometheus does, so 0.1 steps round the same way); `axN`: a
// N+1 times; `_`: one missing sample; `_xN`: N missing samples; `stale`: a
// staleness marker.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace firedrill::promtest {

// One position of an input series: a value, or no sample at all.
struct SeriesValue {
  bool omitted = false;
  double value = 0;  // may be the staleness marker (stale_marker())
};

// The most values a unit-test file may hold, in one series or all together:
// a day of 1s samples is 86400, this is far beyond, and yet keeps a hostile
// "1x999999999" from exhausting memory.
inline constexpr std::size_t kMaxSeriesValues = 10'000'000;

// Expands the notation. Throws promql::ParseError with the byte offset of the
// offending item, also if there would be more than `budget` values (at most
// kMaxSeriesValues).
std::vector<SeriesValue> expand_series_values(std::string_view text,
                                              std::size_t budget = kMaxSeriesValues);

}  // namespace firedrill::promtest
