// The words the recording stores for the engine's enums, and their inverses.
// These words are part of the file format (docs/recording-format.md), so they
// live here rather than borrowing display names that might change.
// Internal to sim/record.
#pragma once

#include <optional>
#include <string_view>

#include "sim/model/journal.h"
#include "sim/record/recording.h"
#include "sim/scenario/scenario.h"

namespace firedrill::record {

std::optional<RunStatus> parse_run_status(std::string_view text);

// "debug", "info", "warn", "error".
std::string_view log_level_text(LogLevel level);
std::optional<LogLevel> parse_log_level(std::string_view text);

// "lognormal", "exponential", "constant".
std::string_view distribution_text(LatencySpec::Distribution distribution);
std::optional<LatencySpec::Distribution> parse_distribution(std::string_view text);

}  // namespace firedrill::record
