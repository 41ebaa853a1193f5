// The key series of each service and each call edge, derived once from a
// recording's metrics and held densely, one value per scrape, so that any
// cursor position is answered by an array index. What the graph colours and
// the metric plots show. No GL, no ImGui: unit-tested on its own.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/metrics/metric_store.h"
#include "sim/scenario/scenario.h"

namespace firedrill::viewer {

// Values at each scrape time k * step (k = 0 .. scrapes-1). A value is NaN
// where the recording has nothing to say (before a series exists, a rate at
// the first scrape, a quantile with no requests).
struct ServiceSeries {
  std::string name;
  std::vector<float> request_rate;  // answers per second over the last rate window
  std::vector<float> error_ratio;   // 5xx answers / all answers over the window
  std::vector<float> p99_seconds;   // histogram quantile over the window
  std::vector<float> memory_bytes;  // the largest replica's memory
  std::vector<float> memory_limit;  // each replica's limit (NaN: none)
  std::vector<float> cpu;           // cpu_utilization, 0..1
  std::vector<float> replicas_up;   // replicas taking traffic
  std::vector<float> replicas_desired;
  std::vector<float> saturation;  // (in flight + queued) / (replicas up x workers)
};

// One downstream call (from -> to), summed over its outcomes.
struct EdgeSeries {
  std::size_t from = 0;  // service index
  std::size_t to = 0;
  std::vector<float> call_rate;      // attempts per second over the window
  std::vector<float> failure_ratio;  // attempts not "ok" / all attempts
};

// Everything above for a whole run.
struct RunSeries {
  SimTime step = 0;                     // the scrape interval
  std::size_t scrapes = 0;              // number of scrape times covered
  SimTime rate_window = 0;              // the window rates and ratios are taken over
  std::vector<ServiceSeries> services;  // in service index order
  std::vector<EdgeSeries> edges;        // one per distinct (from, to), in topology order

  // The scrape index in force at time t: the last scrape at or before t,
  // clamped to [0, scrapes-1]. 0 when there are no scrapes.
  std::size_t index_at(SimTime t) const;
  // The time of scrape index k.
  SimTime time_of(std::size_t k) const { return static_cast<SimTime>(k) * step; }
};

// Derives the key series from `metrics` of a run of `services` scraped every
// `step` up to `end`. Rates and ratios are taken over `rate_window` (rounded
// to whole scrapes, at least one), like PromQL's increase over that range.
RunSeries derive_series(const MetricStore& metrics, const std::vector<ServiceSpec>& services,
                        SimTime step, SimTime end, SimTime rate_window);

}  // namespace firedrill::viewer
