// Go's number formatting rebuilt on std::to_chars, which gives the same
// shortest and correctly rounded digits as Go's strconv; only the layout
// around the digits differs between the two, and that is done here.
#include "sim/alerting/go_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <system_error>

namespace firedrill::go {
namespace {

std::string non_finite(double value) {
  if (std::isnan(value)) return "NaN";
  return value > 0 ? "+Inf" : "-Inf";
}

// The shortest decimal digits of |value| (no leading or trailing zeros) and
// the decimal exponent of the first digit.
struct ShortestDigits {
  std::string digits;
  int exponent = 0;
};

ShortestDigits shortest_digits(double value) {
  char buf[64];
  const auto [end, ec] =
      std::to_chars(buf, buf + sizeof buf, std::fabs(value), std::chars_format::scientific);
  ShortestDigits out;
  const char* p = buf;
  for (; p != end && *p != 'e'; ++p) {
    if (*p != '.') out.digits.push_back(*p);
  }
  if (p != end) {
    // to_chars does not terminate the text: read the exponent within it.
    const char* digits = p + 1;
    if (digits != end && *digits == '+') ++digits;
    std::from_chars(digits, end, out.exponent);
  }
  while (out.digits.size() > 1 && out.digits.back() == '0') out.digits.pop_back();
  return out;
}

// "e+06", "e-05", "e+100": Go writes at least two exponent digits.
void append_exponent(std::string& out, int exponent, char e) {
  out.push_back(e);
  out.push_back(exponent < 0 ? '-' : '+');
  const int magnitude = std::abs(exponent);
  if (magnitude < 10) out.push_back('0');
  out += std::to_string(magnitude);
}

}  // namespace

std::string format_float_v(double value) {
  if (!std::isfinite(value)) return non_finite(value);
  std::string out;
  if (std::signbit(value)) out.push_back('-');
  if (value == 0) return out + "0";
  const ShortestDigits d = shortest_digits(value);
  const int n = static_cast<int>(d.digits.size());
  if (d.exponent < -4 || d.exponent >= 6) {
    out.push_back(d.digits[0]);
    if (n > 1) {
      out.push_back('.');
      out.append(d.digits, 1, std::string::npos);
    }
    append_exponent(out, d.exponent, 'e');
    return out;
  }
  if (d.exponent < 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-d.exponent - 1), '0');
    out += d.digits;
    return out;
  }
  const int integer_digits = d.exponent + 1;
  if (n <= integer_digits) {
    out += d.digits;
    out.append(static_cast<std::size_t>(integer_digits - n), '0');
  } else {
    out.append(d.digits, 0, static_cast<std::size_t>(integer_digits));
    out.push_back('.');
    out.append(d.digits, static_cast<std::size_t>(integer_digits), std::string::npos);
  }
  return out;
}

std::string format_float(double value, char verb, int precision) {
  if (!std::isfinite(value)) return non_finite(value);
  const bool upper = verb == 'E' || verb == 'G';
  const char lower = static_cast<char>(upper ? verb - 'A' + 'a' : (verb == 'F' ? 'f' : verb));
  if (lower == 'g' && precision < 0) {
    std::string out = format_float_v(value);
    if (upper) {
      for (char& c : out) {
        if (c == 'e') c = 'E';
      }
    }
    return out;
  }
  if (precision < 0) precision = 6;
  if (lower == 'g' && precision == 0) precision = 1;
  char buf[512];
  std::to_chars_result r{};
  switch (lower) {
    case 'e':
      r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific, precision);
      break;
    case 'f':
      r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, precision);
      break;
    default:
      r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, precision);
      break;
  }
  if (r.ec != std::errc()) return format_float_v(value);  // beyond 512 characters: rare
  std::string out(buf, r.ptr);
  if (upper) {
    for (char& c : out) {
      if (c == 'e') c = 'E';
    }
  }
  return out;
}

}  // namespace firedrill::go
