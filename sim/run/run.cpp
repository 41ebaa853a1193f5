#include "sim/run/run.h"

#include <algorithm>
#include <exception>
#include <memory>

#include "sim/base/input_error.h"
#include "sim/model/event_kinds.h"

#ifndef FIREDRILL_VERSION
#define FIREDRILL_VERSION "unknown"
#endif

namespace firedrill {

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  const SimTime end = options.until > 0 ? options.until : scenario.duration;
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  Simulation sim(scenario, seed);

  std::unique_ptr<Recorder> recorder;
  if (!options.recording_path.empty()) {
    RunInfo info;
    info.engine_version = FIREDRILL_VERSION;
    info.scenario_name = scenario.name;
    info.scenario_title = scenario.title;
    info.scenario_hash = scenario_hash(scenario.sources);
    info.seed = seed;
    info.duration = end;
    info.scrape_interval = scenario.scrape_interval;
    info.start_of_day = scenario.start_of_day;
    recorder = Recorder::create(options.recording_path, info, scenario);
  }

  RunResult result;
  try {
    if (options.setup) options.setup(sim);
    const SimTime step = options.checkpoint_every > 0 ? options.checkpoint_every : end;
    while (sim.now() < end) {
      sim.run_until(std::min(end, sim.now() + step));
      if (recorder && sim.now() < end)
        recorder->checkpoint(sim.now(), sim.metrics(), sim.journal());
    }
  } catch (const std::exception& e) {
    result.status = RunStatus::kFailed;
    result.error = e.what();
  }
  result.end = sim.now();
  result.events = sim.events_executed();
  result.summary = sim.summary();
  for (const RunEvent& e : sim.journal().events) {
    if (e.kind == event_kind::kAlertMuted || e.kind == event_kind::kNotification ||
        e.kind == event_kind::kPage || e.kind == event_kind::kEscalated ||
        e.kind.rfind("incident_", 0) == 0) {
      result.paging_events.push_back(e);
    } else if (e.kind.rfind("alert_", 0) == 0 || e.kind == event_kind::kRuleFailed) {
      result.alert_events.push_back(e);
    }
  }
  if (recorder) {
    recorder->finish(result.end, sim.metrics(), sim.journal(), result.summary, result.status,
                     result.error);
  }
  return result;
}

}  // namespace firedrill
