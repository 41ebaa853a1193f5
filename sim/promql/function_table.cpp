#include "sim/promql/function_table.h"

#include <algorithm>
#include <array>

namespace firedrill::promql {
namespace {

constexpr ValueType kS = ValueType::kScalar;
constexpr ValueType kV = ValueType::kInstantVector;
constexpr ValueType kM = ValueType::kRangeVector;
constexpr ValueType kStr = ValueType::kString;

std::vector<FunctionSignature> make_table() {
  return {
      {"abs", {kV}, 0, kV},
      {"absent", {kV}, 0, kV},
      {"absent_over_time", {kM}, 0, kV},
      {"avg_over_time", {kM}, 0, kV},
      {"ceil", {kV}, 0, kV},
      {"changes", {kM}, 0, kV},
      {"clamp", {kV, kS, kS}, 0, kV},
      {"clamp_max", {kV, kS}, 0, kV},
      {"clamp_min", {kV, kS}, 0, kV},
      {"count_over_time", {kM}, 0, kV},
      {"day_of_month", {kV}, 1, kV},
      {"day_of_week", {kV}, 1, kV},
      {"days_in_month", {kV}, 1, kV},
      {"delta", {kM}, 0, kV},
      {"deriv", {kM}, 0, kV},
      {"exp", {kV}, 0, kV},
      {"floor", {kV}, 0, kV},
      {"histogram_quantile", {kS, kV}, 0, kV},
      {"hour", {kV}, 1, kV},
      {"idelta", {kM}, 0, kV},
      {"increase", {kM}, 0, kV},
      {"irate", {kM}, 0, kV},
      {"label_join", {kV, kStr, kStr, kStr}, -1, kV},
      {"label_replace", {kV, kStr, kStr, kStr, kStr}, 0, kV},
      {"last_over_time", {kM}, 0, kV},
      {"ln", {kV}, 0, kV},
      {"log10", {kV}, 0, kV},
      {"log2", {kV}, 0, kV},
      {"max_over_time", {kM}, 0, kV},
      {"min_over_time", {kM}, 0, kV},
      {"minute", {kV}, 1, kV},
      {"month", {kV}, 1, kV},
      {"predict_linear", {kM, kS}, 0, kV},
      {"present_over_time", {kM}, 0, kV},
      {"quantile_over_time", {kS, kM}, 0, kV},
      {"rate", {kM}, 0, kV},
      {"resets", {kM}, 0, kV},
      {"round", {kV, kS}, 1, kV},
      {"scalar", {kV}, 0, kS},
      {"sgn", {kV}, 0, kV},
      {"sort", {kV}, 0, kV},
      {"sort_desc", {kV}, 0, kV},
      {"sqrt", {kV}, 0, kV},
      {"stddev_over_time", {kM}, 0, kV},
      {"stdvar_over_time", {kM}, 0, kV},
      {"sum_over_time", {kM}, 0, kV},
      {"time", {}, 0, kS},
      {"timestamp", {kV}, 0, kV},
      {"vector", {kS}, 0, kV},
      {"year", {kV}, 1, kV},
  };
}

// Prometheus 2.42 functions firedrill leaves out.
constexpr std::array<std::string_view, 21> kUnsupported = {"acos",
                                                           "acosh",
                                                           "asin",
                                                           "asinh",
                                                           "atan",
                                                           "atanh",
                                                           "cos",
                                                           "cosh",
                                                           "deg",
                                                           "pi",
                                                           "rad",
                                                           "sin",
                                                           "sinh",
                                                           "tan",
                                                           "tanh",
                                                           "holt_winters",
                                                           "histogram_count",
                                                           "histogram_sum",
                                                           "histogram_fraction",
                                                           "histogram_stddev",
                                                           "histogram_stdvar"};

}  // namespace

const std::vector<FunctionSignature>& supported_functions() {
  static const std::vector<FunctionSignature> table = make_table();
  return table;
}

const FunctionSignature* find_function(std::string_view name) {
  const std::vector<FunctionSignature>& table = supported_functions();
  auto it =
      std::lower_bound(table.begin(), table.end(), name,
                       [](const FunctionSignature& f, std::string_view n) { return f.name < n; });
  return it != table.end() && it->name == name ? &*it : nullptr;
}

bool is_unsupported_prometheus_function(std::string_view name) {
  return std::find(kUnsupported.begin(), kUnsupported.end(), name) != kUnsupported.end();
}

}  // namespace firedrill::promql
