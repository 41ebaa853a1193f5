// Go's math functions where their results differ from the C library's:
// PromQL's numbers are Go's, and promtool compares them to the last bit.
#include <cmath>
#include <cstdint>
#include <limits>

#include "sim/promql/eval_internal.h"

namespace firedrill::promql::internal {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool is_odd_integer(double x) {
  if (std::fabs(x) >= 9007199254740992.0) return false;  // 2^53: all even
  double integral;
  const double fraction = std::modf(x, &integral);
  return fraction == 0 && std::fmod(integral, 2) != 0;
}

}  // namespace

double go_max(double a, double b) {
  if (std::isinf(a) && a > 0) return a;
  if (std::isinf(b) && b > 0) return b;
  if (std::isnan(a) || std::isnan(b)) return std::nan("");
  if (a == 0 && a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

double go_min(double a, double b) {
  if (std::isinf(a) && a < 0) return a;
  if (std::isinf(b) && b < 0) return b;
  if (std::isnan(a) || std::isnan(b)) return std::nan("");
  if (a == 0 && a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

double go_pow(double x, double y) {
  if (y == 0 || x == 1) return 1;
  if (y == 1) return x;
  if (std::isnan(x) || std::isnan(y)) return std::nan("");
  if (x == 0) {
    if (y < 0) return std::signbit(x) && is_odd_integer(y) ? -kInf : kInf;
    return std::signbit(x) && is_odd_integer(y) ? x : 0;
  }
  if (std::isinf(y)) {
    if (x == -1) return 1;
    if ((std::fabs(x) < 1) == (y > 0)) return 0;
    return kInf;
  }
  if (std::isinf(x)) {
    if (x < 0) return go_pow(1 / x, -y);
    return y < 0 ? 0 : kInf;
  }
  if (y == 0.5) return std::sqrt(x);
  if (y == -0.5) return 1 / std::sqrt(x);

  double whole;
  double fraction = std::modf(std::fabs(y), &whole);
  if (fraction != 0 && x < 0) return std::nan("");
  if (whole >= 9223372036854775808.0) {
    // A huge even exponent: overflow or underflow for every x but -1.
    if (x == -1) return 1;
    if ((std::fabs(x) < 1) == (y > 0)) return 0;
    return kInf;
  }
  // The answer is mantissa * 2^exponent, built from x^fraction and then
  // x^whole by repeated squaring, keeping the powers of two apart.
  double mantissa = 1;
  long exponent = 0;
  if (fraction != 0) {
    if (fraction > 0.5) {
      fraction -= 1;
      whole += 1;
    }
    mantissa = std::exp(fraction * std::log(x));
  }
  int x_exponent_int = 0;
  double x_mantissa = std::frexp(x, &x_exponent_int);
  long x_exponent = x_exponent_int;
  for (auto bits = static_cast<std::int64_t>(whole); bits != 0; bits >>= 1) {
    if (x_exponent < -(1L << 12) || (1L << 12) < x_exponent) {
      // Certain overflow or underflow: the exponent decides.
      exponent += x_exponent;
      break;
    }
    if ((bits & 1) == 1) {
      mantissa *= x_mantissa;
      exponent += x_exponent;
    }
    x_mantissa *= x_mantissa;
    x_exponent <<= 1;
    if (x_mantissa < 0.5) {
      x_mantissa += x_mantissa;
      --x_exponent;
    }
  }
  if (y < 0) {
    mantissa = 1 / mantissa;
    exponent = -exponent;
  }
  if (exponent > 100000) exponent = 100000;
  if (exponent < -100000) exponent = -100000;
  return std::ldexp(mantissa, static_cast<int>(exponent));
}

}  // namespace firedrill::promql::internal
