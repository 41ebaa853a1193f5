// Go's formatting of numbers and strings, byte for byte, for alert templates:
// Prometheus expands annotations with Go's text/template and fmt, and promtool
// compares the expanded text exactly. Internal to sim/alerting.
#pragma once

#include <string>
#include <string_view>

namespace firedrill::go {

// fmt's %v of a float64: the shortest digits that read back exactly, in
// exponent form when the exponent is below -4 or at least 6 ("1e+06",
// "1.5", "1e-05"), as strconv's 'g' with precision -1; "NaN", "+Inf", "-Inf".
std::string format_float_v(double value);

// fmt's %e, %f, %g (verb 'e', 'E', 'f', 'F', 'g', 'G') with `precision`
// (-1: the verb's default: 6 for %e and %f, shortest for %g).
std::string format_float(double value, char verb, int precision);

}  // namespace firedrill::go
