// Helpers for the evaluator's tests: a MetricStore filled the way promtool
// test files describe series (one value per step, gaps and staleness markers),
// and evaluation of expression text at a time.
#pragma once

#include <catch2/catch.hpp>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/metrics/metric_store.h"
#include "sim/promql/evaluator.h"
#include "sim/promql/parser.h"
#include "sim/promql/value.h"

namespace firedrill::promql::testing {

// Appends samples to a series at times 0, step, 2*step, ... from
// space-separated values as promtool test files write them: numbers (also
// "NaN", "+Inf", "1e16"), "_" for no sample, "stale" for a staleness marker.
inline void add_series(MetricStore& store, std::string_view name, Labels labels,
                       std::string_view values, SimTime step = kMinute) {
  SeriesId id = store.intern(name, std::move(labels));
  std::istringstream in{std::string(values)};
  std::string word;
  for (SimTime time = 0; in >> word; time += step) {
    if (word == "_") continue;
    if (word == "stale") {
      store.append(id, time, stale_marker());
      continue;
    }
    std::size_t used = 0;
    const double value = std::stod(word, &used);
    REQUIRE(used == word.size());
    store.append(id, time, value);
  }
}

inline Value eval_text(const MetricStore& store, std::string_view text, SimTime time,
                       const EvalOptions& options = {}) {
  return evaluate(*parse_expr(text), store, time, options);
}

// The result of an instant-vector expression as format_labels(labels) -> value.
inline std::map<std::string, double> eval_vector(const MetricStore& store, std::string_view text,
                                                 SimTime time, const EvalOptions& options = {}) {
  Value value = eval_text(store, text, time, options);
  REQUIRE(value.type == ValueType::kInstantVector);
  std::map<std::string, double> out;
  for (const VectorElement& element : value.vector) {
    INFO(format_labels(element.labels));
    REQUIRE(out.emplace(format_labels(element.labels), element.value).second);
  }
  return out;
}

// The value of an expression that yields exactly one element.
inline double eval_single(const MetricStore& store, std::string_view text, SimTime time) {
  Value value = eval_text(store, text, time);
  if (value.type == ValueType::kScalar) return value.scalar;
  REQUIRE(value.type == ValueType::kInstantVector);
  REQUIRE(value.vector.size() == 1);
  return value.vector[0].value;
}

}  // namespace firedrill::promql::testing
