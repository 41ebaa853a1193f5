// Functions over range vectors: rate, increase, delta, irate, idelta, deriv,
// predict_linear, changes, resets, *_over_time and
// absent_over_time. Each computes one value per series of the range.
#include <cmath>
#include <limits>
#include <optional>
#include <span>

#include "sim/promql/eval_internal.h"
#include "sim/promql/selection.h"

namespace firedrill::promql::internal {

// Labels for absent() and absent_over_time(); defined in instant_functions.cpp.
LabelSet absent_labels(const Expr& arg);

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using Samples = std::span<const Sample>;

// Go's time.Duration.Seconds() for a duration in microseconds.
double duration_seconds(SimTime d) {
  const SimTime whole = d / kSecond;
  const SimTime nanos = (d % kSecond) * 1000;
  return static_cast<double>(whole) + static_cast<double>(nanos) / 1e9;
}

// Prometheus' extrapolatedRate: rate, increase and delta.
std::optional<double> extrapolated_rate(Samples samples, SimTime range_start, SimTime range_end,
                                        SimTime range, bool is_counter, bool is_rate) {
  if (samples.size() < 2) return std::nullopt;
  const Sample& first = samples.front();
  const Sample& last = samples.back();
  double result = last.value - first.value;
  if (is_counter) {
    double previous = first.value;
    for (const Sample& s : samples.subspan(1)) {
      if (s.value < previous) result += previous;
      previous = s.value;
    }
  }
  double duration_to_start = seconds_of(first.time - range_start);
  const double duration_to_end = seconds_of(range_end - last.time);
  const double sampled_interval = seconds_of(last.time - first.time);
  const double average_interval = sampled_interval / static_cast<double>(samples.size() - 1);
  if (is_counter && result > 0 && first.value >= 0) {
    // A counter does not extrapolate below zero.
    const double duration_to_zero = sampled_interval * (first.value / result);
    if (duration_to_zero < duration_to_start) duration_to_start = duration_to_zero;
  }
  const double threshold = average_interval * 1.1;
  double extrapolate_to = sampled_interval;
  extrapolate_to += duration_to_start < threshold ? duration_to_start : average_interval / 2;
  extrapolate_to += duration_to_end < threshold ? duration_to_end : average_interval / 2;
  double factor = extrapolate_to / sampled_interval;
  if (is_rate) factor /= duration_seconds(range);
  return result * factor;
}

// irate and idelta: the last two samples.
std::optional<double> instant_value(Samples samples, bool is_rate) {
  if (samples.size() < 2) return std::nullopt;
  const Sample& last = samples[samples.size() - 1];
  const Sample& previous = samples[samples.size() - 2];
  double result = is_rate && last.value < previous.value ? last.value : last.value - previous.value;
  const SimTime interval = last.time - previous.time;
  if (interval == 0) return std::nullopt;
  if (is_rate) result /= seconds_of(interval);
  return result;
}

struct Regression {
  double slope;
  double intercept;
};

// Prometheus' linearRegression with x in seconds relative to `intercept_time`.
Regression linear_regression(Samples samples, SimTime intercept_time) {
  double n = 0, sum_x = 0, c_x = 0, sum_y = 0, c_y = 0, sum_xy = 0, c_xy = 0, sum_x2 = 0, c_x2 = 0;
  const double init_y = samples[0].value;
  bool const_y = true;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const double v = samples[i].value;
    if (const_y && i > 0 && v != init_y) const_y = false;
    n += 1.0;
    const double x = seconds_of(samples[i].time - intercept_time);
    kahan_add(x, sum_x, c_x);
    kahan_add(v, sum_y, c_y);
    kahan_add(x * v, sum_xy, c_xy);
    kahan_add(x * x, sum_x2, c_x2);
  }
  if (const_y) {
    if (std::isinf(init_y)) return {kNaN, kNaN};
    return {0, init_y};
  }
  sum_x += c_x;
  sum_y += c_y;
  sum_xy += c_xy;
  sum_x2 += c_x2;
  const double cov_xy = sum_xy - sum_x * sum_y / n;
  const double var_x = sum_x2 - sum_x * sum_x / n;
  const double slope = cov_xy / var_x;
  return {slope, sum_y / n - slope * sum_x / n};
}

double sum_over_time(Samples samples) {
  double sum = 0, c = 0;
  for (const Sample& s : samples) kahan_add(s.value, sum, c);
  return std::isinf(sum) ? sum : sum + c;
}

double avg_over_time(Samples samples) {
  double mean = 0, count = 0, c = 0;
  for (const Sample& s : samples) {
    count++;
    const double v = s.value;
    if (std::isinf(mean)) {
      if (std::isinf(v) && (mean > 0) == (v > 0)) continue;
      if (!std::isinf(v) && !std::isnan(v)) continue;
    }
    kahan_add(v / count - mean / count, mean, c);
  }
  return std::isinf(mean) ? mean : mean + c;
}

double variance_over_time(Samples samples) {
  double count = 0, mean = 0, c_mean = 0, aux = 0, c_aux = 0;
  for (const Sample& s : samples) {
    count++;
    const double delta = s.value - (mean + c_mean);
    kahan_add(delta / count, mean, c_mean);
    kahan_add(delta * (s.value - (mean + c_mean)), aux, c_aux);
  }
  return (aux + c_aux) / count;
}

double min_or_max_over_time(Samples samples, bool want_max) {
  double best = samples[0].value;
  for (const Sample& s : samples) {
    if ((want_max ? s.value > best : s.value < best) || std::isnan(best)) best = s.value;
  }
  return best;
}

double count_changes(Samples samples, bool resets_only) {
  int count = 0;
  double previous = samples[0].value;
  for (const Sample& s : samples.subspan(1)) {
    const double current = s.value;
    if (resets_only) {
      if (current < previous) ++count;
    } else if (current != previous && !(std::isnan(current) && std::isnan(previous))) {
      ++count;
    }
    previous = current;
  }
  return count;
}

const MatrixSelector& matrix_selector_of(const Expr& arg) {
  const Expr& inner = unwrap_parens(arg);
  const auto* selector = std::get_if<MatrixSelector>(&inner.node);
  if (selector == nullptr) throw EvalError("expected a range vector selector");
  return *selector;
}

}  // namespace

bool eval_range_function(const Call& call, const EvalContext& ctx, Value& out) {
  const std::string& f = call.function;
  std::size_t range_arg = 0;
  if (f == "quantile_over_time") {
    range_arg = 1;
  } else if (f != "rate" && f != "increase" && f != "delta" && f != "irate" && f != "idelta" &&
             f != "deriv" && f != "predict_linear" && f != "changes" && f != "resets" &&
             f != "avg_over_time" && f != "min_over_time" && f != "max_over_time" &&
             f != "sum_over_time" && f != "count_over_time" && f != "last_over_time" &&
             f != "present_over_time" && f != "stddev_over_time" && f != "stdvar_over_time" &&
             f != "absent_over_time") {
    return false;
  }
  if (call.args.size() <= range_arg) throw EvalError("missing argument to " + f);
  const MatrixSelector& selector = matrix_selector_of(*call.args[range_arg]);
  double param = 0;
  if (f == "quantile_over_time") param = eval_scalar(*call.args[0], ctx);
  if (f == "predict_linear") param = eval_scalar(*call.args[1], ctx);
  Matrix matrix = select_range(selector, ctx.store, ctx.time);
  out = Value{};
  out.type = ValueType::kInstantVector;
  if (f == "absent_over_time") {
    if (matrix.empty()) out.vector.push_back({absent_labels(*call.args[0]), 1});
    return true;
  }

  const SimTime range_end = ctx.time - selector.selector.offset;
  const SimTime range_start = range_end - selector.range;
  for (MatrixSeries& series : matrix) {
    Samples samples(series.samples);
    std::optional<double> value;
    if (f == "rate" || f == "increase" || f == "delta") {
      value = extrapolated_rate(samples, range_start, range_end, selector.range, f != "delta",
                                f == "rate");
    } else if (f == "irate" || f == "idelta") {
      value = instant_value(samples, f == "irate");
    } else if (f == "deriv") {
      if (samples.size() >= 2) value = linear_regression(samples, samples[0].time).slope;
    } else if (f == "predict_linear") {
      if (samples.size() >= 2) {
        Regression r = linear_regression(samples, ctx.time);
        value = r.slope * param + r.intercept;
      }
    } else if (f == "changes" || f == "resets") {
      value = count_changes(samples, f == "resets");
    } else if (f == "avg_over_time") {
      value = avg_over_time(samples);
    } else if (f == "sum_over_time") {
      value = sum_over_time(samples);
    } else if (f == "min_over_time" || f == "max_over_time") {
      value = min_or_max_over_time(samples, f == "max_over_time");
    } else if (f == "count_over_time") {
      value = static_cast<double>(samples.size());
    } else if (f == "last_over_time") {
      value = samples.back().value;
    } else if (f == "present_over_time") {
      value = 1;
    } else if (f == "stdvar_over_time") {
      value = variance_over_time(samples);
    } else if (f == "stddev_over_time") {
      value = std::sqrt(variance_over_time(samples));
    } else if (f == "quantile_over_time") {
      std::vector<double> values;
      values.reserve(samples.size());
      for (const Sample& s : samples) values.push_back(s.value);
      value = quantile(param, values);
    }
    if (!value) continue;
    if (f != "last_over_time") drop_metric_name(series.labels);
    out.vector.push_back({std::move(series.labels), *value});
  }
  check_unique_labelsets(out.vector);
  return true;
}

}  // namespace firedrill::promql::internal
