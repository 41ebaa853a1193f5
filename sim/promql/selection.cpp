#include "sim/promql/selection.h"

#include <algorithm>

#include "sim/promql/eval_internal.h"

namespace firedrill::promql::internal {
namespace {

// Index of the first sample with time >= t.
std::size_t first_at_or_after(const std::vector<Sample>& samples, SimTime t) {
  auto it = std::lower_bound(samples.begin(), samples.end(), t,
                             [](const Sample& s, SimTime time) { return s.time < time; });
  return static_cast<std::size_t>(it - samples.begin());
}

}  // namespace

const LabelMatcher* metric_name_equality(const VectorSelector& selector) {
  for (const LabelMatcher& m : selector.matchers) {
    if (m.name == kMetricNameLabel && m.op == LabelMatcher::Op::kEqual) return &m;
  }
  return nullptr;
}

bool series_matches(const Series& series, const std::vector<LabelMatcher>& matchers) {
  for (const LabelMatcher& m : matchers) {
    std::string_view value =
        m.name == kMetricNameLabel ? std::string_view(series.name) : series.label(m.name);
    if (!m.matches(value)) return false;
  }
  return true;
}

LabelSet labels_with_name(const Series& series) {
  LabelSet labels;
  labels.reserve(series.labels.size() + 1);
  bool placed = false;
  for (const auto& label : series.labels) {
    if (!placed && label.first > kMetricNameLabel) {
      labels.emplace_back(std::string(kMetricNameLabel), series.name);
      placed = true;
    }
    if (!label.second.empty()) labels.push_back(label);
  }
  if (!placed) labels.emplace_back(std::string(kMetricNameLabel), series.name);
  return labels;
}

const Sample* latest_sample(const Series& series, SimTime ref_time, SimTime lookback) {
  const auto& samples = series.samples;
  std::size_t after = first_at_or_after(samples, ref_time + 1);
  if (after == 0) return nullptr;
  const Sample& sample = samples[after - 1];
  if (sample.time < ref_time - lookback) return nullptr;
  if (is_stale_marker(sample.value)) return nullptr;
  return &sample;
}

Vector select_instant(const VectorSelector& selector, const MetricStore& store, SimTime time,
                      SimTime lookback, std::vector<SimTime>* timestamps) {
  Vector out;
  SimTime ref_time = time - selector.offset;
  for_each_matching_series(selector, store, [&](SeriesId id) {
    const Series& series = store.series(id);
    const Sample* sample = latest_sample(series, ref_time, lookback);
    if (sample == nullptr) return;
    out.push_back({labels_with_name(series), sample->value});
    if (timestamps != nullptr) timestamps->push_back(sample->time);
  });
  return out;
}

Matrix select_range(const MatrixSelector& selector, const MetricStore& store, SimTime time) {
  Matrix out;
  SimTime end = time - selector.selector.offset;
  SimTime start = end - selector.range;
  for_each_matching_series(selector.selector, store, [&](SeriesId id) {
    const Series& series = store.series(id);
    std::size_t begin = first_at_or_after(series.samples, start);
    std::size_t stop = first_at_or_after(series.samples, end + 1);
    MatrixSeries result;
    for (std::size_t i = begin; i < stop; ++i) {
      if (!is_stale_marker(series.samples[i].value)) result.samples.push_back(series.samples[i]);
    }
    if (result.samples.empty()) return;
    result.labels = labels_with_name(series);
    out.push_back(std::move(result));
  });
  return out;
}

}  // namespace firedrill::promql::internal
