// parse_prometheus_duration and format_prometheus_duration (declared in parser.h).
#include <cstdint>
#include <string>

#include "sim/promql/parser.h"

namespace firedrill::promql {
namespace {

// Units in the order a duration must list them, with their length in ms.
struct DurationUnit {
  std::string_view name;
  std::int64_t milliseconds;
};
constexpr DurationUnit kUnits[] = {
    {"y", 365LL * 24 * 3600 * 1000},
    {"w", 7LL * 24 * 3600 * 1000},
    {"d", 24LL * 3600 * 1000},
    {"h", 3600LL * 1000},
    {"m", 60LL * 1000},
    {"s", 1000},
    {"ms", 1},
};
constexpr int kUnitCount = static_cast<int>(sizeof kUnits / sizeof kUnits[0]);

// Prometheus keeps durations in nanoseconds: anything longer overflows.
constexpr std::int64_t kMaxMilliseconds = INT64_MAX / 1000000;

}  // namespace

SimTime parse_prometheus_duration(std::string_view text) {
  if (text.empty()) throw ParseError("empty duration string", 0);
  if (text == "0") return 0;
  auto invalid = [&] {
    return ParseError("not a valid duration string: \"" + std::string(text) + "\"", 0);
  };
  std::int64_t total_ms = 0;
  int last_unit = -1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::int64_t number = 0;
    const std::size_t digits_begin = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (number > kMaxMilliseconds) throw invalid();
      number = number * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == digits_begin) throw invalid();
    const std::size_t unit_begin = pos;
    while (pos < text.size() && !(text[pos] >= '0' && text[pos] <= '9')) ++pos;
    const std::string_view unit = text.substr(unit_begin, pos - unit_begin);
    int index = 0;
    while (index < kUnitCount && kUnits[index].name != unit) ++index;
    if (index == kUnitCount || index <= last_unit) throw invalid();
    last_unit = index;
    if (number > kMaxMilliseconds / kUnits[index].milliseconds) {
      throw ParseError("duration out of range: \"" + std::string(text) + "\"", 0);
    }
    total_ms += number * kUnits[index].milliseconds;
    if (total_ms > kMaxMilliseconds) {
      throw ParseError("duration out of range: \"" + std::string(text) + "\"", 0);
    }
  }
  return total_ms * kMillisecond;
}

std::string format_prometheus_duration(SimTime d) {
  if (d < 0) return "-" + format_prometheus_duration(-d);
  std::int64_t ms = d / kMillisecond;
  if (ms == 0) return "0s";
  std::string out;
  for (int i = 0; i < kUnitCount; ++i) {
    const DurationUnit& unit = kUnits[i];
    // Years and weeks only when exact: "90d" reads better than "12w6d".
    const bool exact_only = unit.name == "y" || unit.name == "w";
    if (exact_only && ms % unit.milliseconds != 0) continue;
    const std::int64_t count = ms / unit.milliseconds;
    if (count > 0) {
      out += std::to_string(count);
      out += unit.name;
      ms -= count * unit.milliseconds;
    }
  }
  return out;
}

}  // namespace firedrill::promql
