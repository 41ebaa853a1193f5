// Running a scenario end to end: simulate it and write its recording as it
// goes, checkpointing so that a run stopped at any moment keeps what it had.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/model/run_summary.h"
#include "sim/model/simulation.h"
#include "sim/record/recording.h"
#include "sim/response/action.h"
#include "sim/scenario/scenario.h"

namespace firedrill {

class RunSession;  // sim/run/session.h

// How to run a scenario.
struct RunResult;

struct RunOptions {
  std::optional<std::uint64_t> seed;  // default: the scenario's seed
  SimTime until = 0;                  // planned end; 0 = the scenario's duration
  // Where run_scenario stops if before `until` (replaying a drill that was
  // ended early: the recording still says `until` was planned); none = until.
  std::optional<SimTime> stop;
  std::string recording_path;          // where to write the recording; "" = do not record
  SimTime checkpoint_every = kMinute;  // simulated time between recording transactions
  // Where to write the run's action log ("" = nowhere): a text file that
  // `firedrill run --actions` replays (sim/response/action_log.h).
  std::string action_log_path;
  // Actions to apply, in order, each at its time (a replayed action log).
  std::vector<Action> actions;
  // Called once at time 0 before the first event, to install fault scripts,
  // responder bots or hooks (a bot submits its actions to the session).
  std::function<void(RunSession&)> setup;
  // Called by run_scenario once the run has finished, before the simulation
  // is torn down: to read its metrics and journal without recording them
  // (scoring a baseline, one of many seeds).
  std::function<void(const Simulation&, const RunResult&)> inspect;
};

// How a run went.
struct RunResult {
  RunStatus status = RunStatus::kComplete;
  std::string error;         // why it failed, if it did
  SimTime end = 0;           // simulated time reached
  std::uint64_t events = 0;  // kernel events executed
  std::vector<ServiceSummary> summary;
  // The alert events of the run (alert_pending, alert_firing, alert_resolved,
  // alert_cleared, rule_failed), in time order.
  std::vector<RunEvent> alert_events;
  // What Alertmanager and the pager did (notification, alert_muted,
  // incident_triggered, page, escalated, incident_acknowledged,
  // incident_retriggered, incident_resolved), in time order.
  std::vector<RunEvent> paging_events;
  // What the responders did (action, action_refused, mitigation,
  // mitigation_done, incident_fixed), in time order.
  std::vector<RunEvent> response_events;
};

// Runs `scenario` to options.until (or its duration), recording it if a path
// is given, applying options.actions at their times (a RunSession driven as
// fast as possible). Errors raised while simulating (e.g. by a script hook) end the run
// with status kFailed and are recorded; the recording stays readable. Throws
// InputError if the recording cannot be created or written (a full disk).
RunResult run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace firedrill
