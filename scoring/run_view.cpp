#include "scoring/run_view.h"

namespace firedrill {

RunView view_of(const Recording& recording, const Scenario& scenario) {
  RunView view;
  view.scenario = &scenario;
  view.info = recording.info;
  view.status = recording.status;
  view.end = recording.end_time;
  view.metrics = &recording.metrics;
  view.journal = &recording.journal;
  return view;
}

RunView view_of(const Simulation& sim, const Scenario& scenario, std::uint64_t seed,
                SimTime planned, RunStatus status) {
  RunView view;
  view.scenario = &scenario;
  view.info.scenario_name = scenario.name;
  view.info.scenario_title = scenario.title;
  view.info.seed = seed;
  view.info.duration = planned > 0 ? planned : scenario.duration;
  view.info.scrape_interval = scenario.scrape_interval;
  view.info.start_of_day = scenario.start_of_day;
  view.status = status;
  view.end = sim.now();
  view.metrics = &sim.metrics();
  view.journal = &sim.journal();
  return view;
}

}  // namespace firedrill
