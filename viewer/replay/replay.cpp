// open_replay: read the recording, load its scenario from its own files, and
// derive what the panels need.
#include "viewer/replay/replay.h"

#include <utility>

#include "sim/base/input_error.h"
#include "sim/scenario/loader.h"

namespace firedrill::viewer {

std::optional<std::size_t> Replay::find_service(std::string_view name) const {
  for (std::size_t i = 0; i < recording.services.size(); ++i) {
    if (recording.services[i].name == name) return i;
  }
  return std::nullopt;
}

Replay make_replay(std::string path, Recording recording, std::optional<Scenario> scenario,
                   std::string scenario_error) {
  // What the reader does not check but the scrape grid depends on: a damaged
  // file must give an error, not a grid of billions of points.
  const SimTime step = recording.info.scrape_interval;
  if (step <= 0 || recording.end_time < 0 || recording.end_time / step > kMaxScrapes) {
    throw InputError("recording is damaged: a run to " + format_duration(recording.end_time) +
                         " scraped every " + format_duration(step) + " is not one firedrill writes",
                     SourceLocation{path, 0, 0});
  }
  Replay r;
  r.path = std::move(path);
  r.recording = std::move(recording);
  r.scenario = std::move(scenario);
  r.scenario_error = std::move(scenario_error);
  const Recording& rec = r.recording;
  r.series =
      derive_series(rec.metrics, rec.services, rec.info.scrape_interval, rec.end_time, kRateWindow);
  r.markers = build_markers(rec.journal);
  r.history = build_history(rec.journal);
  for (const ScenarioSource& source : rec.sources) {
    if (auto name = recorded_rule_file_name(source)) r.rule_files.push_back(*name);
  }
  if (r.scenario) {
    r.thresholds = alert_thresholds(*r.scenario);
    if (r.scenario->incident && !r.scenario->incident->root_cause_service.empty()) {
      if (auto i = r.find_service(r.scenario->incident->root_cause_service)) {
        r.root_causes.push_back(*i);
      }
    }
  }
  return r;
}

Replay open_replay(const std::string& path) {
  Recording recording = read_recording(path);
  std::optional<Scenario> scenario;
  std::string scenario_error;
  try {
    scenario = load_recorded_scenario(recording.sources, path);
  } catch (const InputError& e) {
    scenario_error = e.what();
  }
  return make_replay(path, std::move(recording), std::move(scenario), std::move(scenario_error));
}

}  // namespace firedrill::viewer
