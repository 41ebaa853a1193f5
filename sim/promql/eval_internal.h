// Internal to the evaluator: the evaluation context, label-set helpers and the
// entry points of the evaluator's parts (functions, aggregation, binary
// operators). Not for use outside sim/promql.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/metrics/metric_store.h"
#include "sim/promql/ast.h"
#include "sim/promql/evaluator.h"
#include "sim/promql/value.h"

namespace firedrill::promql::internal {

inline constexpr std::string_view kMetricNameLabel = "__name__";

// What every part of an evaluation needs.
struct EvalContext {
  const MetricStore& store;
  SimTime time;
  EvalOptions options;
};

// Evaluates any node at ctx.time.
Value eval(const Expr& expr, const EvalContext& ctx);
// Evaluates an expression the parser typed as scalar.
double eval_scalar(const Expr& expr, const EvalContext& ctx);

Value eval_call(const Call& call, const EvalContext& ctx);
// Functions whose argument is a range vector (rate, *_over_time, ...): sets
// `out` and returns true, or returns false if `call` is not one of them.
bool eval_range_function(const Call& call, const EvalContext& ctx, Value& out);
Value eval_aggregation(const Aggregation& aggregation, const EvalContext& ctx);
Value eval_binary(const Binary& binary, const EvalContext& ctx);

// The expression inside any number of parentheses.
const Expr& unwrap_parens(const Expr& expr);

// Seconds as Prometheus computes them from millisecond timestamps: for times
// on whole milliseconds, microseconds / 1e6 rounds to the same double as
// milliseconds / 1e3.
inline double seconds_of(SimTime t) {
  return static_cast<double>(t) / 1e6;
}

// Sets a label keeping the set sorted; an empty value removes the label (as in
// Prometheus, where an empty label does not exist).
void set_label(LabelSet& labels, std::string_view name, std::string_view value);
void remove_label(LabelSet& labels, std::string_view name);
inline void drop_metric_name(LabelSet& labels) {
  remove_label(labels, kMetricNameLabel);
}

// Throws "vector cannot contain metrics with the same labelset" if two
// elements have equal label sets.
void check_unique_labelsets(const Vector& vector);

// Prometheus' labels.String(): {__name__="up", job="api"}, for error messages.
std::string labels_string(const LabelSet& labels);

// Prometheus' quantile over a set of values: rank q*(n-1), linear
// interpolation. Sorts `values`.
double quantile(double q, std::vector<double>& values);

// histogram_quantile over classic buckets.
Vector histogram_quantile(double q, const Vector& buckets);

// Go's math.Max / math.Min (NaN wins, unlike std::fmax) and math.Pow (which
// multiplies out integer exponents, so it can differ from std::pow in the
// last bit). In go_math.cpp.
double go_max(double a, double b);
double go_min(double a, double b);
double go_pow(double x, double y);

// Prometheus' kahanSumInc: adds `inc` to `sum` with compensation `c`.
inline void kahan_add(double inc, double& sum, double& c) {
  double t = sum + inc;
  // Using the larger magnitude as the base keeps the lost low bits in c.
  if ((sum < 0 ? -sum : sum) >= (inc < 0 ? -inc : inc)) {
    c += (sum - t) + inc;
  } else {
    c += (inc - t) + sum;
  }
  sum = t;
}

}  // namespace firedrill::promql::internal
