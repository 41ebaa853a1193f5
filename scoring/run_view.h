// What scoring reads of a run: the scenario it ran and what it produced.
// A view, so that a recording read from disk and a simulation still in
// memory (a baseline, one of many seeds) are scored by the same code.
#pragma once

#include "sim/base/time.h"
#include "sim/metrics/metric_store.h"
#include "sim/model/journal.h"
#include "sim/model/simulation.h"
#include "sim/record/recording.h"
#include "sim/scenario/scenario.h"

namespace firedrill {

struct RunView {
  const Scenario* scenario = nullptr;  // the scenario the run ran (its ground truth, its rubric)
  RunInfo info;                        // seed, planned duration, clock at time 0
  RunStatus status = RunStatus::kComplete;
  SimTime end = 0;  // how far the run reached
  const MetricStore* metrics = nullptr;
  const RunJournal* journal = nullptr;
};

// A view of a recording read back, scored against `scenario` (the one it
// recorded: load_recorded_scenario(recording.sources, ...)). Both must
// outlive the view.
RunView view_of(const Recording& recording, const Scenario& scenario);

// A view of a simulation that has just finished (RunOptions::inspect): run
// with `seed` to `planned` (0: the scenario's duration), ending with `status`
// at sim.now(). `sim` and `scenario` must outlive the view.
RunView view_of(const Simulation& sim, const Scenario& scenario, std::uint64_t seed,
                SimTime planned, RunStatus status);

}  // namespace firedrill
