// The values a PromQL expression evaluates to.
#pragma once

#include <string>
#include <vector>

#include "sim/metrics/metric_store.h"
#include "sim/promql/ast.h"

namespace firedrill::promql {

// A series' full label set: Labels sorted by name, including "__name__" when
// the series still has a metric name.
using LabelSet = Labels;

// One element of an instant vector.
struct VectorElement {
  LabelSet labels;
  double value = 0;
};
using Vector = std::vector<VectorElement>;

// One series of a range vector: its samples within the range, oldest first,
// staleness markers left out.
struct MatrixSeries {
  LabelSet labels;
  std::vector<Sample> samples;
};
using Matrix = std::vector<MatrixSeries>;

struct Value {
  ValueType type = ValueType::kScalar;
  double scalar = 0;    // kScalar
  Vector vector;        // kInstantVector
  Matrix matrix;        // kRangeVector
  std::string string;   // kString
};

// `{a="x", b="y"}` preceded by the metric name if __name__ is set:
// `up{job="api"}`. Label values escaped as Prometheus prints them.
std::string format_labels(const LabelSet& labels);

// The value of a label, "" if absent.
std::string_view label_value(const LabelSet& labels, std::string_view name);

}  // namespace firedrill::promql
