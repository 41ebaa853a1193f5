// The alert thresholds drawn on the metric plots: for each alerting rule
// whose expression compares one of the plotted quantities with a constant
// (an error ratio > 0.05, a p99 > 1s, memory over 90% of the limit...), the
// plot it belongs on, the line's value in the plot's unit, and the services
// it applies to.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/scenario.h"

namespace firedrill::viewer {

// The key series the viewer plots for a service (viewer/replay/service_series.h).
enum class PlotKind { kRequestRate, kErrorRatio, kP99, kMemory, kCpu, kReplicas };

struct Threshold {
  std::string alert;     // the alerting rule's name
  std::string severity;  // its severity label, "" if none
  PlotKind plot = PlotKind::kErrorRatio;
  // The line's value in the plot's unit (a ratio, seconds, bytes, ...).
  // For memory thresholds written relative to the limit, `of_limit` is set
  // and `value` is the fraction of the limit.
  double value = 0;
  bool of_limit = false;
  bool above = true;  // fires above the line (>, >=) or below it (<, <=)
  // The services the rule watches: empty for every service, else the values
  // its selector's service matcher allows (service="checkout").
  std::vector<std::string> services;
};

// The thresholds of `scenario`'s alerting rules (recording rules are
// followed by name). Rules whose expression does not reduce to a plotted
// quantity compared with a constant are left out.
std::vector<Threshold> alert_thresholds(const Scenario& scenario);

// Whether `threshold` applies to `service`.
bool applies_to(const Threshold& threshold, const std::string& service);

}  // namespace firedrill::viewer
