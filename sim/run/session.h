// A run in progress: the simulation, its recording, the trainees' desk and
// the action log, advanced by whoever drives it: run_scenario (as fast as
// possible), the drill console (paced to the wall clock) or a test.
//
// Determinism: an action is always applied at a quiet point, once every
// event at its time has run. Whether it was typed between two advances,
// queued by a responder bot from a callback, or replayed from an action log,
// it lands at the same point, so replaying a run's actions reproduces its
// recording byte for byte. Checkpoints of the recording fall at fixed
// simulated times (every RunOptions::checkpoint_every), whatever the pacing.
#pragma once

#include <cstdint>
#include <deque>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "sim/response/action.h"
#include "sim/response/incident_desk.h"
#include "sim/run/run.h"

namespace firedrill {

class RunSession {
 public:
  // Creates the simulation and the recording (if options.recording_path is
  // set) and opens the action log (if options.action_log_path is set). Does
  // not run anything yet: call start(). Throws InputError if a file cannot
  // be written.
  RunSession(const Scenario& scenario, const RunOptions& options);
  ~RunSession();
  RunSession(const RunSession&) = delete;
  RunSession& operator=(const RunSession&) = delete;

  // Runs options.setup (fault scripts, responders) at time 0. An error there
  // fails the run (see failed()).
  void start();

  Simulation& sim() { return *sim_; }
  const Simulation& sim() const { return *sim_; }
  IncidentDesk& desk() { return *desk_; }
  std::uint64_t seed() const { return seed_; }
  // The planned end of the run.
  SimTime end() const { return end_; }
  bool failed() const { return status_ == RunStatus::kFailed; }
  const std::string& error() const { return error_; }

  // Runs the simulation to min(time, end()), applying queued actions at
  // their instants and checkpointing the recording at its fixed times. An
  // error raised by the model or a script fails the run: the recording keeps
  // what it had, failed() becomes true and nothing runs any more.
  void advance_to(SimTime time);

  // Applies an action now (at sim().now()), from outside the event loop (the
  // console, a replayed log). Returns what happened.
  ActionOutcome apply(Action action);
  // Queues an action from inside the event loop (a responder bot's
  // callback): it is applied once every event at now() has run.
  void submit(Action action);

  // Ends the run at now(): writes the rest of the recording with its final
  // status (complete, or failed), closes the action log, and reports.
  RunResult finish();

 private:
  bool flush_one_queued_action();
  void fail(const std::string& message);
  void log_action(const Action& action);

  const Scenario& scenario_;
  RunOptions options_;
  std::uint64_t seed_ = 0;
  SimTime end_ = 0;
  SimTime next_checkpoint_ = 0;
  std::unique_ptr<Simulation> sim_;
  std::unique_ptr<IncidentDesk> desk_;
  std::unique_ptr<Recorder> recorder_;
  std::ofstream action_log_;
  std::deque<Action> queued_;
  RunStatus status_ = RunStatus::kRunning;
  std::string error_;
  bool finished_ = false;
};

}  // namespace firedrill
