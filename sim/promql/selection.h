// Reading series out of a MetricStore for PromQL selectors: which series a
// selector's matchers pick, the latest sample within the lookback window for
// an instant selector (honouring staleness markers), and the samples of a
// range selector. Internal to the evaluator.
#pragma once

#include <vector>

#include "sim/metrics/metric_store.h"
#include "sim/promql/ast.h"
#include "sim/promql/value.h"

namespace firedrill::promql::internal {

// Calls `visit(id)` for every series matching all of the selector's matchers,
// in series-id order within each metric name, names in sorted order.
template <typename Visit>
void for_each_matching_series(const VectorSelector& selector, const MetricStore& store,
                              Visit&& visit);

// Whether the series satisfies every matcher (the __name__ ones included).
bool series_matches(const Series& series, const std::vector<LabelMatcher>& matchers);

// The series' labels plus __name__, sorted.
LabelSet labels_with_name(const Series& series);

// The latest sample at or before `ref_time` and no older than
// `ref_time - lookback`, or null if there is none or it is a staleness marker.
const Sample* latest_sample(const Series& series, SimTime ref_time, SimTime lookback);

// Selections come out in series-id (creation) order, as Prometheus' head block
// returns series in the order they were created: order-sensitive arithmetic
// (sum, avg, stddev) then adds in the same order. (promtool creates test
// series in random order, so it does not pin such results to the last bit.)
//
// An instant selector at `time`: one element per series with a current
// sample. If `timestamps` is given it receives each element's sample time.
Vector select_instant(const VectorSelector& selector, const MetricStore& store, SimTime time,
                      SimTime lookback, std::vector<SimTime>* timestamps = nullptr);

// A range selector at `time`: samples in [time - offset - range, time - offset],
// staleness markers left out; series without samples omitted.
Matrix select_range(const MatrixSelector& selector, const MetricStore& store, SimTime time);

// ---- implementation of the template ----

const LabelMatcher* metric_name_equality(const VectorSelector& selector);

template <typename Visit>
void for_each_matching_series(const VectorSelector& selector, const MetricStore& store,
                              Visit&& visit) {
  if (const LabelMatcher* name = metric_name_equality(selector)) {
    for (SeriesId id : store.with_name(name->value)) {
      if (series_matches(store.series(id), selector.matchers)) visit(id);
    }
    return;
  }
  for (const auto& [name, ids] : store.names()) {
    for (SeriesId id : ids) {
      if (series_matches(store.series(id), selector.matchers)) visit(id);
    }
  }
}

}  // namespace firedrill::promql::internal
