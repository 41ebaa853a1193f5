// Aggregation operators: sum, avg, min, max, count, group, stddev, stdvar,
// topk, bottomk and quantile, grouped by(...) or without(...) labels.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

#include "sim/promql/eval_internal.h"

namespace firedrill::promql::internal {
namespace {

bool listed(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

LabelSet group_labels(const LabelSet& labels, const Aggregation& aggregation) {
  LabelSet out;
  for (const auto& label : labels) {
    bool in_list = listed(aggregation.grouping, label.first);
    if (aggregation.without) {
      if (!in_list && label.first != kMetricNameLabel) out.push_back(label);
    } else if (in_list) {
      out.push_back(label);
    }
  }
  return out;
}

// group_labels(labels) as a string key, without allocating for each element.
void append_group_key(const LabelSet& labels, const Aggregation& aggregation, std::string& key) {
  for (const auto& [name, value] : labels) {
    const bool in_list = listed(aggregation.grouping, name);
    if (aggregation.without ? in_list || name == kMetricNameLabel : !in_list) continue;
    key += name;
    key += '\xff';
    key += value;
    key += '\xff';
  }
}

// The running state of one group, as Prometheus' groupedAggregation.
struct Group {
  double value = 0;
  double mean = 0;
  std::size_t count = 0;
  std::vector<const VectorElement*> elements;  // topk, bottomk, quantile
};

// Orders elements best first for topk (largest) or bottomk (smallest); NaN is
// worst for both, as in Prometheus' heaps.
bool better(const VectorElement* a, const VectorElement* b, bool largest) {
  if (std::isnan(a->value)) return false;
  if (std::isnan(b->value)) return true;
  return largest ? a->value > b->value : a->value < b->value;
}

void add_to_group(Group& group, const VectorElement& element, AggregateOp op) {
  const double v = element.value;
  if (group.count == 0) {
    group.count = 1;
    group.value = v;
    group.mean = v;
    if (op == AggregateOp::kStddev || op == AggregateOp::kStdvar) group.value = 0;
    if (op == AggregateOp::kGroup) group.value = 1;
    group.elements.push_back(&element);
    return;
  }
  switch (op) {
    case AggregateOp::kSum:
      group.value += v;
      break;
    case AggregateOp::kAvg: {
      ++group.count;
      if (std::isinf(group.mean)) {
        if (std::isinf(v) && (group.mean > 0) == (v > 0)) break;
        if (!std::isinf(v) && !std::isnan(v)) break;
      }
      const double n = static_cast<double>(group.count);
      // Dividing each side by the count avoids overflow, as Prometheus does.
      group.mean += v / n - group.mean / n;
      break;
    }
    case AggregateOp::kMax:
      if (group.value < v || std::isnan(group.value)) group.value = v;
      break;
    case AggregateOp::kMin:
      if (group.value > v || std::isnan(group.value)) group.value = v;
      break;
    case AggregateOp::kCount:
      ++group.count;
      break;
    case AggregateOp::kGroup:
      break;
    case AggregateOp::kStddev:
    case AggregateOp::kStdvar: {
      ++group.count;
      const double delta = v - group.mean;
      group.mean += delta / static_cast<double>(group.count);
      group.value += delta * (v - group.mean);
      break;
    }
    case AggregateOp::kTopk:
    case AggregateOp::kBottomk:
    case AggregateOp::kQuantile:
      group.elements.push_back(&element);
      break;
  }
}

}  // namespace

double quantile(double q, std::vector<double>& values) {
  if (values.empty() || std::isnan(q)) return std::numeric_limits<double>::quiet_NaN();
  if (q < 0) return -std::numeric_limits<double>::infinity();
  if (q > 1) return std::numeric_limits<double>::infinity();
  std::sort(values.begin(), values.end(), [](double a, double b) {
    if (std::isnan(a)) return !std::isnan(b);
    return a < b;
  });
  const double n = static_cast<double>(values.size());
  const double rank = q * (n - 1);
  const double lower = std::max(0.0, std::floor(rank));
  const double upper = std::min(n - 1, lower + 1);
  const double weight = rank - std::floor(rank);
  return values[static_cast<std::size_t>(lower)] * (1 - weight) +
         values[static_cast<std::size_t>(upper)] * weight;
}

Value eval_aggregation(const Aggregation& aggregation, const EvalContext& ctx) {
  const AggregateOp op = aggregation.op;
  double param = 0;
  if (aggregation.param) param = eval_scalar(*aggregation.param, ctx);
  std::int64_t k = 0;
  if (op == AggregateOp::kTopk || op == AggregateOp::kBottomk) {
    if (!(param > -9.2233720368547758e18 && param < 9.2233720368547758e18)) {
      throw EvalError("Scalar value " + std::to_string(param) + " overflows int64");
    }
    k = static_cast<std::int64_t>(param);
  }

  Value input = eval(*aggregation.expr, ctx);
  Value out;
  out.type = ValueType::kInstantVector;
  if ((op == AggregateOp::kTopk || op == AggregateOp::kBottomk) && k < 1) return out;

  // Groups in order of first appearance, found by a key of their labels.
  std::vector<std::pair<LabelSet, Group>> groups;
  std::unordered_map<std::string, std::size_t> group_index;
  std::string key;
  for (const VectorElement& element : input.vector) {
    key.clear();
    append_group_key(element.labels, aggregation, key);
    auto found = group_index.find(key);
    if (found == group_index.end()) {
      found = group_index.emplace(key, groups.size()).first;
      groups.emplace_back(group_labels(element.labels, aggregation), Group{});
    }
    add_to_group(groups[found->second].second, element, op);
  }
  // Deterministic output: by group labels.
  std::sort(groups.begin(), groups.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  for (auto& [labels, group] : groups) {
    double value = group.value;
    switch (op) {
      case AggregateOp::kAvg:
        value = group.mean;
        break;
      case AggregateOp::kCount:
        value = static_cast<double>(group.count);
        break;
      case AggregateOp::kStdvar:
        value = group.value / static_cast<double>(group.count);
        break;
      case AggregateOp::kStddev:
        value = std::sqrt(group.value / static_cast<double>(group.count));
        break;
      case AggregateOp::kTopk:
      case AggregateOp::kBottomk: {
        const bool largest = op == AggregateOp::kTopk;
        std::stable_sort(group.elements.begin(), group.elements.end(),
                         [largest](const VectorElement* a, const VectorElement* b) {
                           return better(a, b, largest);
                         });
        std::size_t keep =
            std::min<std::size_t>(group.elements.size(), static_cast<std::size_t>(k));
        for (std::size_t i = 0; i < keep; ++i) out.vector.push_back(*group.elements[i]);
        continue;
      }
      case AggregateOp::kQuantile: {
        std::vector<double> values;
        values.reserve(group.elements.size());
        for (const VectorElement* e : group.elements) values.push_back(e->value);
        value = quantile(param, values);
        break;
      }
      default:
        break;
    }
    out.vector.push_back({labels, value});
  }
  return out;
}

}  // namespace firedrill::promql::internal
