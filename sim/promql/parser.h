// Parsing PromQL text into a checked syntax tree.
//
//   ExprPtr e = parse_expr("sum by (service) (rate(requests_total{code=~\"5..\"}[5m]))");
//
// The supported subset and where it stops: docs/alerting.md ("PromQL").
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/base/time.h"
#include "sim/promql/ast.h"

namespace firedrill::promql {

// A syntax or type error in an expression. `position` is the byte offset in
// the text where the problem is (0-based); what() is the message without any
// location, as Prometheus words it where it can ("unexpected ...", "expected
// type range vector in call to function \"rate\", got instant vector").
// Constructs firedrill does not support say so by name
// ("subqueries are not supported").
class ParseError : public std::runtime_error {
 public:
  ParseError(const std::string& message, int position)
      : std::runtime_error(message), position_(position) {}
  int position() const { return position_; }

 private:
  int position_;
};

// Parses and type-checks an expression. Throws ParseError.
ExprPtr parse_expr(std::string_view text);

// Parses a series selector as promtool test files write them:
// `metric{a="b"}` or `{__name__="metric", a="b"}`, equality matchers only.
// Returns the metric name and labels (sorted, without __name__). Throws ParseError.
struct SeriesDescription {
  std::string name;
  std::vector<std::pair<std::string, std::string>> labels;
};
SeriesDescription parse_series_description(std::string_view text);

// A Prometheus duration: "5m", "1h30m", "90s", "500ms", "1d", "1w", "1y"
// (units y=365d, w, d, h, m, s, ms, in decreasing order, integers only).
// Throws ParseError (position within `text`).
SimTime parse_prometheus_duration(std::string_view text);

// The canonical Prometheus text of a duration: "1h30m", "5m", "500ms", "0s".
std::string format_prometheus_duration(SimTime d);

}  // namespace firedrill::promql
