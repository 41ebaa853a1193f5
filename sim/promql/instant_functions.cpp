// PromQL functions over instant vectors and scalars, and the dispatch of
// every function call (range-vector functions live in range_functions.cpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "sim/promql/eval_internal.h"
#include "sim/promql/selection.h"

namespace firedrill::promql::internal {

LabelSet absent_labels(const Expr& arg) {
  const VectorSelector* selector = nullptr;
  if (const auto* vs = std::get_if<VectorSelector>(&arg.node)) selector = vs;
  if (const auto* ms = std::get_if<MatrixSelector>(&arg.node)) selector = &ms->selector;
  LabelSet labels;
  if (selector == nullptr) return labels;
  std::vector<std::string> dropped;
  for (const LabelMatcher& m : selector->matchers) {
    if (m.name == kMetricNameLabel) continue;
    bool already = false;
    for (const auto& label : labels) already = already || label.first == m.name;
    if (m.op == LabelMatcher::Op::kEqual && !already) {
      set_label(labels, m.name, m.value);
    } else {
      dropped.push_back(m.name);
    }
  }
  for (const std::string& name : dropped) remove_label(labels, name);
  return labels;
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Value vector_value(Vector vector) {
  Value out;
  out.type = ValueType::kInstantVector;
  out.vector = std::move(vector);
  return out;
}

Value scalar_value(double v) {
  Value out;
  out.type = ValueType::kScalar;
  out.scalar = v;
  return out;
}

// Go's math.Log2: exact for powers of two. Go folds 1/Ln2 as an exact
// constant, which is log2e rounded once.
double go_log2(double x) {
  int exp = 0;
  const double frac = std::frexp(x, &exp);
  if (frac == 0.5) return static_cast<double>(exp - 1);
  return std::log(frac) * std::numbers::log2e + static_cast<double>(exp);
}

// A function applied to each element's value; the metric name is dropped.
template <typename F>
Value map_values(Vector vector, F&& f) {
  for (VectorElement& element : vector) {
    element.value = f(element.value);
    drop_metric_name(element.labels);
  }
  check_unique_labelsets(vector);
  return vector_value(std::move(vector));
}

using MathFunction = double (*)(double);

MathFunction simple_math_function(const std::string& f) {
  static const std::vector<std::pair<std::string_view, MathFunction>> kFunctions = {
      {"abs", [](double v) { return std::fabs(v); }},
      {"ceil", [](double v) { return std::ceil(v); }},
      {"floor", [](double v) { return std::floor(v); }},
      {"exp", [](double v) { return std::exp(v); }},
      {"sqrt", [](double v) { return std::sqrt(v); }},
      {"ln", [](double v) { return std::log(v); }},
      {"log2", [](double v) { return go_log2(v); }},
      {"log10", [](double v) { return std::log(v) * std::numbers::log10e; }},
      {"sgn", [](double v) { return v < 0   ? -1.0
                                    : v > 0 ? 1.0
                                            : v; }},
  };
  for (const auto& [name, fn] : kFunctions) {
    if (name == f) return fn;
  }
  return nullptr;
}

// The civil date of a Unix time in seconds, UTC.
struct CivilTime {
  std::int64_t year;
  int month;        // 1..12
  int day;          // 1..31
  int day_of_week;  // 0 = Sunday
  int hour, minute;
};

bool is_leap(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(std::int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

CivilTime civil_time(double unix_seconds) {
  // Go's int64(v) on amd64 yields the minimum for NaN and out-of-range values
  // (Go's calendar then differs from this one there; no real time is affected).
  const bool representable =
      unix_seconds > -9.2233720368547758e18 && unix_seconds < 9.2233720368547758e18;
  const std::int64_t seconds = representable ? static_cast<std::int64_t>(unix_seconds)
                                             : std::numeric_limits<std::int64_t>::min();
  std::int64_t days = seconds / 86400;
  std::int64_t second_of_day = seconds % 86400;
  if (second_of_day < 0) {
    second_of_day += 86400;
    --days;
  }
  CivilTime t{};
  t.hour = static_cast<int>(second_of_day / 3600);
  t.minute = static_cast<int>(second_of_day / 60 % 60);
  t.day_of_week = static_cast<int>(((days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
  // Days since 0000-03-01 in the proleptic Gregorian calendar, in 400-year eras.
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_march_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t month_from_march = (5 * day_of_march_year + 2) / 153;
  t.day = static_cast<int>(day_of_march_year - (153 * month_from_march + 2) / 5 + 1);
  t.month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  t.year = year_of_era + era * 400 + (t.month <= 2 ? 1 : 0);
  return t;
}

bool is_time_function(const std::string& f) {
  return f == "minute" || f == "hour" || f == "day_of_week" || f == "day_of_month" ||
         f == "days_in_month" || f == "month" || f == "year";
}

double time_part(const std::string& f, double unix_seconds) {
  const CivilTime t = civil_time(unix_seconds);
  if (f == "minute") return t.minute;
  if (f == "hour") return t.hour;
  if (f == "day_of_week") return t.day_of_week;
  if (f == "day_of_month") return t.day;
  if (f == "days_in_month") return days_in_month(t.year, t.month);
  if (f == "month") return t.month;
  return static_cast<double>(t.year);
}

bool is_label_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string eval_string(const Expr& expr, const EvalContext& ctx) {
  Value value = eval(expr, ctx);
  if (value.type != ValueType::kString) throw EvalError("expected string argument");
  return value.string;
}

Value label_replace(const Call& call, const EvalContext& ctx) {
  Vector vector = eval(*call.args[0], ctx).vector;
  const std::string dst = eval_string(*call.args[1], ctx);
  const std::string replacement = eval_string(*call.args[2], ctx);
  const std::string src = eval_string(*call.args[3], ctx);
  const std::string pattern = eval_string(*call.args[4], ctx);
  std::string error;
  std::unique_ptr<Regex> regex = Regex::compile(pattern, error);
  if (!regex) throw EvalError("invalid regular expression in label_replace(): " + pattern);
  if (!is_label_name(dst)) {
    throw EvalError("invalid destination label name in label_replace(): " + dst);
  }
  std::string expanded;
  for (VectorElement& element : vector) {
    expanded.clear();
    if (regex->replace(label_value(element.labels, src), replacement, expanded)) {
      set_label(element.labels, dst, expanded);
    }
  }
  check_unique_labelsets(vector);
  return vector_value(std::move(vector));
}

Value label_join(const Call& call, const EvalContext& ctx) {
  Vector vector = eval(*call.args[0], ctx).vector;
  const std::string dst = eval_string(*call.args[1], ctx);
  const std::string separator = eval_string(*call.args[2], ctx);
  std::vector<std::string> sources;
  for (std::size_t i = 3; i < call.args.size(); ++i) {
    sources.push_back(eval_string(*call.args[i], ctx));
    if (!is_label_name(sources.back())) {
      throw EvalError("invalid source label name in label_join(): " + sources.back());
    }
  }
  if (!is_label_name(dst)) {
    throw EvalError("invalid destination label name in label_join(): " + dst);
  }
  for (VectorElement& element : vector) {
    std::string joined;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      if (i > 0) joined += separator;
      joined += label_value(element.labels, sources[i]);
    }
    set_label(element.labels, dst, joined);
  }
  check_unique_labelsets(vector);
  return vector_value(std::move(vector));
}

Value timestamp(const Call& call, const EvalContext& ctx) {
  const Expr& arg = unwrap_parens(*call.args[0]);
  Vector vector;
  std::vector<SimTime> times;
  if (const auto* selector = std::get_if<VectorSelector>(&arg.node)) {
    // A selector's elements carry their sample times.
    vector = select_instant(*selector, ctx.store, ctx.time, ctx.options.lookback, &times);
  } else {
    vector = eval(arg, ctx).vector;
    times.assign(vector.size(), ctx.time);
  }
  for (std::size_t i = 0; i < vector.size(); ++i) {
    vector[i].value = seconds_of(times[i]);
    drop_metric_name(vector[i].labels);
  }
  check_unique_labelsets(vector);
  return vector_value(std::move(vector));
}

Value sort_by_value(Vector vector, bool descending) {
  std::stable_sort(vector.begin(), vector.end(),
                   [descending](const VectorElement& a, const VectorElement& b) {
                     if (std::isnan(a.value)) return !std::isnan(b.value);
                     if (std::isnan(b.value)) return false;
                     return descending ? a.value > b.value : a.value < b.value;
                   });
  return vector_value(std::move(vector));
}

}  // namespace

Value eval_call(const Call& call, const EvalContext& ctx) {
  Value range_result;
  if (eval_range_function(call, ctx, range_result)) return range_result;

  const std::string& f = call.function;
  const auto& args = call.args;
  if (f == "time") return scalar_value(seconds_of(ctx.time));
  if (f == "vector") return vector_value({{LabelSet{}, eval_scalar(*args[0], ctx)}});
  if (f == "scalar") {
    Vector vector = eval(*args[0], ctx).vector;
    return scalar_value(vector.size() == 1 ? vector[0].value : kNaN);
  }
  if (f == "timestamp") return timestamp(call, ctx);
  if (f == "label_replace") return label_replace(call, ctx);
  if (f == "label_join") return label_join(call, ctx);
  if (f == "absent") {
    Vector vector = eval(*args[0], ctx).vector;
    if (!vector.empty()) return vector_value({});
    return vector_value({{absent_labels(*args[0]), 1}});
  }
  if (f == "sort" || f == "sort_desc") {
    return sort_by_value(eval(*args[0], ctx).vector, f == "sort_desc");
  }
  if (f == "histogram_quantile") {
    const double q = eval_scalar(*args[0], ctx);
    Vector out = histogram_quantile(q, eval(*args[1], ctx).vector);
    check_unique_labelsets(out);
    return vector_value(std::move(out));
  }
  if (is_time_function(f)) {
    Vector vector =
        args.empty() ? Vector{{LabelSet{}, seconds_of(ctx.time)}} : eval(*args[0], ctx).vector;
    return map_values(std::move(vector), [&f](double v) { return time_part(f, v); });
  }
  if (MathFunction fn = simple_math_function(f)) return map_values(eval(*args[0], ctx).vector, fn);
  if (f == "round") {
    const double to_nearest = args.size() >= 2 ? eval_scalar(*args[1], ctx) : 1.0;
    // Prometheus multiplies by the inverse: it loses less precision.
    const double inverse = 1.0 / to_nearest;
    return map_values(eval(*args[0], ctx).vector,
                      [inverse](double v) { return std::floor(v * inverse + 0.5) / inverse; });
  }
  if (f == "clamp") {
    Vector vector = eval(*args[0], ctx).vector;
    const double min = eval_scalar(*args[1], ctx);
    const double max = eval_scalar(*args[2], ctx);
    if (max < min) return vector_value({});
    return map_values(std::move(vector),
                      [min, max](double v) { return go_max(min, go_min(max, v)); });
  }
  if (f == "clamp_min") {
    const double min = eval_scalar(*args[1], ctx);
    return map_values(eval(*args[0], ctx).vector, [min](double v) { return go_max(min, v); });
  }
  if (f == "clamp_max") {
    const double max = eval_scalar(*args[1], ctx);
    return map_values(eval(*args[0], ctx).vector, [max](double v) { return go_min(max, v); });
  }
  throw EvalError("unknown function: " + f);
}

}  // namespace firedrill::promql::internal
