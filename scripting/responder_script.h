// A responder bot: a Lua program that plays a trainee. It sees what a real
// responder sees (alerts, pages, incidents, the change log, logs, metrics,
// pod events, its own actions' outcomes), never the ground truth (fault
// events, the simulation's fault state), and acts through the trainees'
// action vocabulary (sim/response/action.h): ack, declare, severity, role,
// escalate, investigate, mitigate, silence, status, rootcause, resolve.
// Bots make reference runs ("what does a good response score?") and tests.
//
// Same sandbox, limits and determinism as a fault script (fault_script.h):
// the top level runs once at start(), callbacks (at, after, every, on) run in
// simulated time, errors are ScriptError "responder.lua:12: message" with a
// traceback and end the run. The API is documented in docs/lua-api.md
// ("Responder bots"), with editor annotations in scripting/types/responder.lua.
//
// An action call builds the action's text, parses it (a malformed action is
// a Lua error at the call), sets the actor and hands it to `submit`, which in
// a run is RunSession::submit: the action is applied once every event at
// now() has run, and its outcome comes back as an `action` or
// `action_refused` event that the bot may subscribe to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "scripting/fault_script.h"
#include "sim/base/input_error.h"
#include "sim/model/simulation.h"
#include "sim/response/action.h"
#include "sim/scenario/scenario.h"

namespace firedrill {

class ResponderScript {
 public:
  // Compiles `script` (the scenario's `responder`, or any bot in its place)
  // in a fresh sandbox bound to `sim`. `sim`, `scenario` and `script` must
  // outlive the ResponderScript's use (the destructor does not touch them).
  // `seed` seeds math.random and random() (a stream of its own, not the
  // fault script's). The bot's actions are made by `actor` and go to
  // `submit`. Throws ScriptError on a syntax error.
  ResponderScript(Simulation& sim, const Scenario& scenario, const ScriptSource& script,
                  std::uint64_t seed, std::string actor, std::function<void(Action)> submit,
                  ScriptOptions options = {});
  ~ResponderScript();
  ResponderScript(const ResponderScript&) = delete;
  ResponderScript& operator=(const ResponderScript&) = delete;

  // Runs the script's top level at sim.now(). Throws ScriptError.
  void start();

  // The first error the script raised, "" if none.
  const std::string& failure() const;
  // Bytes the Lua state holds now.
  std::size_t memory_in_use() const;
  // The name the bot's actions are made under.
  const std::string& actor() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Checks a scenario's responder bot without simulating, like
// check_fault_script: compiles it and runs its top level against a fresh
// simulation at time 0 (actions it takes there are checked and dropped).
// Returns the problems found (empty if none, or if the scenario has no
// `responder:`), each placed at the script's file and line.
std::vector<Diagnostic> check_responder_script(const Scenario& scenario);

}  // namespace firedrill
