#include "sim/base/units.h"

#include <cmath>
#include <cstdio>

#include "sim/base/input_error.h"
#include "sim/base/number_text.h"

namespace firedrill {
namespace {

struct SizeUnit {
  std::string_view name;
  double bytes;
};

constexpr SizeUnit kSizeUnits[] = {{"", 1},
                                   {"B", 1},
                                   {"KiB", 1024.0},
                                   {"MiB", 1048576.0},
                                   {"GiB", 1073741824.0},
                                   {"TiB", 1099511627776.0},
                                   {"KB", 1e3},
                                   {"MB", 1e6},
                                   {"GB", 1e9},
                                   {"TB", 1e12}};

}  // namespace

std::int64_t parse_bytes(std::string_view text) {
  auto fail = [&](std::string_view why) -> std::int64_t {
    throw InputError("invalid size '" + std::string(text) + "': " + std::string(why) +
                     " (expected something like 512MiB, 1GiB, 256KiB or a number of bytes)");
  };
  NumberPrefix number = read_number_prefix(text);
  if (number.length == 0) return fail("it must start with a number");
  if (number.value < 0) return fail("sizes cannot be negative");
  std::string_view unit = text.substr(number.length);
  for (const SizeUnit& u : kSizeUnits) {
    if (u.name == unit) {
      double bytes = number.value * u.bytes;
      if (bytes > 9e18) return fail("too large");
      return static_cast<std::int64_t>(std::llround(bytes));
    }
  }
  return fail("unknown unit '" + std::string(unit) + "'");
}

std::string format_bytes(double bytes) {
  static constexpr const char* kNames[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  double value = bytes;
  while (std::fabs(value) >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f", value);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + kNames[unit];
}

double parse_rate(std::string_view text) {
  auto fail = [&](std::string_view why) -> double {
    throw InputError("invalid rate '" + std::string(text) + "': " + std::string(why) +
                     " (expected something like 400/s, 30/m or 3600/h)");
  };
  NumberPrefix number = read_number_prefix(text);
  if (number.length == 0) return fail("it must start with a number");
  if (number.value < 0) return fail("rates cannot be negative");
  std::string_view unit = text.substr(number.length);
  if (unit.empty() || unit == "/s") return number.value;
  if (unit == "/m") return number.value / 60.0;
  if (unit == "/h") return number.value / 3600.0;
  return fail("unknown unit '" + std::string(unit) + "'");
}

}  // namespace firedrill
