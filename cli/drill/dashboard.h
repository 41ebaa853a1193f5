// `dash SERVICE`: a service's key metrics over the last minutes as sparklines
// (request rate, error ratio, p99 latency from the histogram buckets, memory
// against its limit, CPU, replicas up), each with its current value, then
// its replicas now. Queries go through sim/promql over the run's MetricStore,
// as a Grafana panel's would go to Prometheus.
#pragma once

#include <string>
#include <vector>

#include "cli/drill/style.h"
#include "sim/base/time.h"
#include "sim/model/simulation.h"
#include "sim/scenario/scenario.h"

namespace firedrill::cli::drill {

// One character per value, scaled from `lo` (lowest bar) to `hi` (full
// bar); values outside are clamped, NaN is a gap (a space). Unicode block
// characters (▁▂▃▄▅▆▇█), or ASCII (_.,-=+*#) when `unicode` is false.
std::string sparkline(const std::vector<double>& values, double lo, double hi, bool unicode);

// Compact numbers for panels: "412/s", "0.31%", "462ms", "870MiB".
std::string format_rate(double per_second);
std::string format_ratio(double ratio);
std::string format_latency(double seconds);
std::string format_memory(double bytes);

struct DashboardOptions {
  SimTime window = 15 * kMinute;  // how far back the sparklines go
  int points = 30;                // characters per sparkline
  SimTime start_of_day = 0;       // for the clock times shown
};

// The dashboard of `service` at sim.now().
Lines dashboard(const Simulation& sim, const Scenario& scenario, ServiceIndex service,
                const Style& style, const DashboardOptions& options);

}  // namespace firedrill::cli::drill
