// Per-service totals of a run, as `firedrill run` prints them.
#pragma once

#include <cstdint>
#include <string>

#include "sim/base/time.h"

namespace firedrill {

// What one service did over a run (or up to the time it was computed).
struct ServiceSummary {
  std::string service;
  std::int64_t requests = 0;  // requests answered, including rejections (503)
  std::int64_t errors = 0;    // of which answered with a 5xx code
  double requests_per_second = 0;
  SimTime p50 = 0;  // latency of answered requests (queueing + service + calls)
  SimTime p99 = 0;
  std::int64_t oom_kills = 0;
  std::int64_t restarts = 0;  // replica restarts of any cause

  double error_ratio() const {
    return requests == 0 ? 0.0 : static_cast<double>(errors) / static_cast<double>(requests);
  }
};

}  // namespace firedrill
