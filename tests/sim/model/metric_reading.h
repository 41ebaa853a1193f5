// Reading values out of a run's MetricStore in tests, the way a user would
// with PromQL: last value of a counter, sum over label sets, time averages.
#pragma once

#include <string>

#include "sim/metrics/metric_store.h"

namespace firedrill::testing {

// Last sample of the series with exactly these labels (0 if it has none).
inline double last_value(const MetricStore& m, const std::string& name, const Labels& labels) {
  auto id = m.find(name, labels);
  if (!id || m.series(*id).samples.empty()) return 0;
  return m.series(*id).samples.back().value;
}

// Sum of the last samples of every series named `name` whose labels include
// all of `match`.
inline double sum_last(const MetricStore& m, const std::string& name, const Labels& match) {
  double total = 0;
  for (SeriesId id : m.with_name(name)) {
    const Series& s = m.series(id);
    bool ok = true;
    for (const auto& [k, v] : match) ok = ok && s.label(k) == v;
    if (ok && !s.samples.empty()) total += s.samples.back().value;
  }
  return total;
}

// Mean of a gauge's samples taken after `from` (the warm-up is discarded).
inline double mean_after(const MetricStore& m, const std::string& name, const Labels& labels,
                         SimTime from) {
  auto id = m.find(name, labels);
  if (!id) return 0;
  double sum = 0;
  int n = 0;
  for (const Sample& s : m.series(*id).samples) {
    if (s.time < from) continue;
    sum += s.value;
    ++n;
  }
  return n == 0 ? 0 : sum / n;
}

}  // namespace firedrill::testing
