// The per-service summary of a run, as a terminal table or JSON.
#pragma once

#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "sim/model/run_summary.h"

namespace firedrill::cli {

// Prints one row per service: req/s, error %, p50, p99, OOM kills, restarts.
void print_summary_table(std::FILE* out, const std::vector<ServiceSummary>& summary);

// The same as a JSON array of objects (durations in seconds).
nlohmann::ordered_json summary_json(const std::vector<ServiceSummary>& summary);

}  // namespace firedrill::cli
