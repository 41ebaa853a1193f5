// What a run produces besides metrics: events (what happened in the model),
// synthetic log lines (what a service would log), and the change log
// (deploys, config pushes). Append-only, in simulated-time order.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/base/time.h"

namespace firedrill {

// Something that happened in the model: a replica OOM-killed, a replica back
// up, a deploy. `kind` is a stable snake_case word (documented in
// docs/recording-format.md); attributes carry the details.
struct RunEvent {
  SimTime time = 0;
  std::string kind;
  std::string service;                                          // "" when not about a service
  std::string instance;                                         // "" when not about a replica
  std::vector<std::pair<std::string, std::string>> attributes;  // in insertion order
};

// Severity of a synthetic log line.
enum class LogLevel { kDebug, kInfo, kWarn, kError };

// "debug", "info", "warn", "error".
std::string_view log_level_name(LogLevel level);

// A log line a service would have written, as trainees see it.
struct LogLine {
  SimTime time = 0;
  std::string service;
  std::string instance;  // "" when the line is about the service as a whole
  LogLevel level = LogLevel::kInfo;
  std::string message;
};

// An entry of the change log: something a human or a pipeline changed.
struct ChangeEntry {
  SimTime time = 0;
  std::string service;
  std::string kind;     // "deploy", "config", "rollback", ...
  std::string version;  // the new version (a rollback: the one rolled back to), or ""
  std::string description;
};

// Everything the run produced so far, except metrics.
struct RunJournal {
  std::vector<RunEvent> events;
  std::vector<LogLine> logs;
  std::vector<ChangeEntry> changes;
};

}  // namespace firedrill
