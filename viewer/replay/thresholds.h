// The alert thresholds drawn on the metric plots: for each alerting rule
// whose expression compares one of the plotted quantities with a constant
// (an error ratio > 0.05, a p99 > 1s, memory over 90% of the limit...), the
// plot it belongs on, the line's value in the plot's unit, and the services
// it applies to.
//
// What counts as a plotted quantity (recording rules are followed by name: a
// selector naming a rule's `record:` stands for that rule's expression):
//   kErrorRatio   rate(requests_total{code=~"5.."}) / rate(requests_total),
//                 summed by service or not, over any window
//   kP99          histogram_quantile(0.99, rate(request_duration_seconds_bucket))
//                 (other quantiles are left out: the plot is the p99)
//   kMemory       memory_bytes (any aggregation that keeps bytes: max, min,
//                 avg), or memory_bytes / memory_limit_bytes (`of_limit`)
//   kCpu          cpu_utilization
//   kReplicas     replicas_up, compared with a constant (not with
//                 replicas_desired: that is the plot's other line already)
//   kRequestRate  rate(requests_total) of all codes
// Gauges may be smoothed with avg/min/max/last/quantile_over_time, counters
// taken with rate, irate or increase (increase is divided by its range to
// give a rate), and either side may be scaled by a constant (`ratio * 100 >
// 5` is a ratio of 0.05). Constant arithmetic is folded ((14.4 * 0.001)).
// Anything else (offsets like `1 - ratio`, predict_linear, ratios of other
// counters, aggregations over several services) is left out rather than
// drawn at a misleading place.
#pragma once

#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/scenario/scenario.h"

namespace firedrill::viewer {

// The key series the viewer plots for a service (viewer/replay/service_series.h).
enum class PlotKind { kRequestRate, kErrorRatio, kP99, kMemory, kCpu, kReplicas };

// How a rule compares its quantity with the line, written quantity first
// (`0.05 < ratio` is kGt).
enum class Comparison { kGt, kGe, kLt, kLe, kEq, kNe };

// ">", ">=", "<", "<=", "==", "!=".
const char* comparison_symbol(Comparison op);

struct Threshold {
  std::string alert;     // the alerting rule's name
  std::string severity;  // its severity label, "" if none
  PlotKind plot = PlotKind::kErrorRatio;
  // The line's value in the plot's unit (a ratio, seconds, bytes, ...).
  // For memory thresholds written relative to the limit, `of_limit` is set
  // and `value` is the fraction of the limit.
  double value = 0;
  bool of_limit = false;
  // Fires above the line (>, >=); false for <, <=, and also for == and !=,
  // which fire at (or away from) the line rather than on one side: see `op`.
  bool above = true;
  Comparison op = Comparison::kGt;
  // The services the rule watches: empty for every service, else the values
  // its selector's service matcher allows (service="checkout"), in scenario
  // order. A matcher is tried on the scenario's service names, so regexes
  // and != work too.
  std::vector<std::string> services;
  // The ranges the rule's quantity is taken over, as written and in order of
  // appearance: "5m" for rate(...[5m]), "1h, 5m" for a burn-rate rule whose
  // two conditions use the same line over two windows; "" for an instant
  // gauge (replicas_up == 0). The plots use a 1m window, so a line with a
  // longer window is crossed earlier and more often on the plot than by the
  // rule: the tooltip says so.
  std::string window;
  SimTime for_duration = 0;  // the rule's `for:`
  std::string expr;          // the rule's expression as written, for tooltips
};

// The thresholds of `scenario`'s alerting rules (recording rules are
// followed by name), in rule order. A rule gives one threshold per distinct
// line: `a > c and b > c` over two windows of the same quantity is one
// threshold whose `window` names both. Rules whose expression does not
// reduce to a plotted quantity compared with a constant are left out.
std::vector<Threshold> alert_thresholds(const Scenario& scenario);

// Whether `threshold` applies to `service`.
bool applies_to(const Threshold& threshold, const std::string& service);

}  // namespace firedrill::viewer
