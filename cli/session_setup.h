// What `run` and `drill` install in a run before it starts: the scenario's
// fault program and, for `run`, a responder bot. The scripts live as long as
// the returned ScriptSet, which must outlive the run.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sim/run/session.h"
#include "sim/scenario/scenario.h"

namespace firedrill::cli {

// The scripts of one run (kept alive by whoever drives the run).
struct ScriptSet;

struct SetupChoices {
  // The responder bot to run, if any (the scenario's, or --responder's).
  std::optional<ScriptSource> responder;
  // The name the bot's actions are recorded under.
  std::string responder_name = "responder";
  // Where scripts' print() goes; null discards.
  std::function<void(std::string_view)> print;
};

// Returns the RunOptions::setup that starts the fault script and then the
// responder bot, if chosen (its actions go to RunSession::submit, made by
// choices.responder_name), at time 0, and the holder of the scripts.
std::pair<std::function<void(RunSession&)>, std::shared_ptr<ScriptSet>> make_setup(
    const Scenario& scenario, std::uint64_t seed, SetupChoices choices);

// The action log beside a recording: runs/x.fdrec -> runs/x.actions ("x.actions"
// itself -> "x.actions.actions"); "" when the recording is not a regular file
// (--out /dev/null): no log then.
std::string action_log_path_for(const std::string& recording);

}  // namespace firedrill::cli
