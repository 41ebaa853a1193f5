#include "sim/base/time.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "sim/base/input_error.h"
#include "sim/base/number_text.h"

namespace firedrill {
namespace {

struct Unit {
  std::string_view name;
  SimTime micros;
};

// Longest names first so that "ms" is not read as "m" followed by "s".
constexpr Unit kUnits[] = {{"us", kMicrosecond}, {"ms", kMillisecond}, {"s", kSecond},
                           {"m", kMinute},       {"h", kHour},         {"d", kDay}};

[[noreturn]] void bad_duration(std::string_view text, std::string_view why) {
  throw InputError("invalid duration '" + std::string(text) + "': " + std::string(why) +
                   " (expected something like 250ms, 30s, 5m, 1h30m)");
}

}  // namespace

SimTime parse_duration(std::string_view text) {
  if (text.empty()) bad_duration(text, "empty");
  if (text == "0") return 0;
  std::string_view rest = text;
  double total = 0;
  SimTime previous_unit = kForever;
  while (!rest.empty()) {
    NumberPrefix number = read_number_prefix(rest);
    if (number.length == 0) bad_duration(text, "a number must come before each unit");
    if (number.value < 0) bad_duration(text, "durations cannot be negative");
    rest.remove_prefix(number.length);
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (rest.substr(0, u.name.size()) == u.name &&
          (unit == nullptr || u.name.size() > unit->name.size())) {
        unit = &u;
      }
    }
    if (unit == nullptr) {
      bad_duration(text,
                   rest.empty() ? "missing unit" : "unknown unit '" + std::string(rest) + "'");
    }
    if (unit->micros >= previous_unit) bad_duration(text, "units must go from largest to smallest");
    previous_unit = unit->micros;
    rest.remove_prefix(unit->name.size());
    total += number.value * static_cast<double>(unit->micros);
  }
  if (total > 1e17) bad_duration(text, "too long");
  return static_cast<SimTime>(std::llround(total));
}

std::string format_duration(SimTime d) {
  if (d == 0) return "0s";
  std::string out;
  if (d < 0) {
    out = "-";
    d = -d;
  }
  // Whole hours and minutes as components; the remainder in the largest unit
  // that shows it exactly.
  if (d >= kHour && d % kSecond == 0) {
    out += std::to_string(d / kHour) + "h";
    d %= kHour;
  }
  if (d >= kMinute && d % kSecond == 0) {
    out += std::to_string(d / kMinute) + "m";
    d %= kMinute;
  }
  if (d == 0) return out;
  char buf[48];
  if (d % kSecond == 0) {
    std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(d / kSecond));
  } else if (d >= kSecond && d % kMillisecond == 0) {
    std::snprintf(buf, sizeof buf, "%lld.%03llds", static_cast<long long>(d / kSecond),
                  static_cast<long long>(d % kSecond / kMillisecond));
    // Trim trailing zeros of the fraction: "1.500s" -> "1.5s".
    std::string s = buf;
    while (s[s.size() - 2] == '0') s.erase(s.size() - 2, 1);
    return out + s;
  } else if (d % kMillisecond == 0) {
    std::snprintf(buf, sizeof buf, "%lldms", static_cast<long long>(d / kMillisecond));
  } else {
    std::snprintf(buf, sizeof buf, "%lldus", static_cast<long long>(d));
  }
  return out + buf;
}

std::string format_clock(SimTime t) {
  const char* sign = t < 0 ? "-" : "";
  if (t < 0) t = -t;
  long long ms = t / kMillisecond;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%02lld:%02lld:%02lld.%03lld", sign, ms / 3600000,
                ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
  return buf;
}

}  // namespace firedrill
