// A recording opened for replay: the recording itself, the scenario it ran
// (read from the recording's own copy of its files), and everything the
// panels look up per frame, derived once at open so that a frame at any
// cursor position costs array lookups, not queries.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/record/recording.h"
#include "sim/scenario/scenario.h"
#include "viewer/replay/incident_history.h"
#include "viewer/replay/markers.h"
#include "viewer/replay/service_series.h"
#include "viewer/replay/thresholds.h"

namespace firedrill::viewer {

// The most scrapes a replay holds (a year at 15s is about 2 million).
inline constexpr SimTime kMaxScrapes = 10'000'000;

// The window rates and ratios are shown over, as a dashboard's rate(...[1m]).
inline constexpr SimTime kRateWindow = kMinute;

struct Replay {
  std::string path;
  Recording recording;
  // The scenario as recorded; none if its files no longer load (a
  // recording of an older engine), in which case `scenario_error` says why
  // and the viewer shows what the recording alone holds.
  std::optional<Scenario> scenario;
  std::string scenario_error;
  RunSeries series;
  std::vector<Marker> markers;
  IncidentHistory history;
  std::vector<Threshold> thresholds;
  // Service indexes of the incident's root cause (`incident: root_cause`),
  // empty when the scenario names none.
  std::vector<std::size_t> root_causes;
  // The team's rule files the run used instead of the scenario's alert
  // rules (`run --rules FILE`), by file name; empty when it used the
  // scenario's own.
  std::vector<std::string> rule_files;

  SimTime end() const { return recording.end_time; }
  // The index of the service called `name`, if any.
  std::optional<std::size_t> find_service(std::string_view name) const;
};

// Opens the recording at `path`. Throws InputError naming the file and what
// is wrong (missing, not a recording, damaged, truncated, newer format).
Replay open_replay(const std::string& path);

// Builds the derived parts of a replay from a recording already read (and
// its scenario, if it loaded). open_replay is read_recording and this.
Replay make_replay(std::string path, Recording recording, std::optional<Scenario> scenario,
                   std::string scenario_error);

}  // namespace firedrill::viewer
