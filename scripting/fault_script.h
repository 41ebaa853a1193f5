// A scenario's fault program: its `faults:` Lua script, run in a sandbox
// against a Simulation over simulated time.
//
// The script's top level runs once, at simulated time 0, when start() is
// called; it registers callbacks (at, after, every, on) that the simulation
// then calls at their simulated times. The API the script sees is documented
// in docs/lua-api.md, with editor annotations in scripting/types/firedrill.lua.
//
// Sandbox: only base functions (without dofile, loadfile, binary chunks,
// collectgarbage other than "count"), string (without dump), table, math and
// utf8. Each callback has an instruction budget and the whole state a memory
// cap (ScriptLimits). Anything a script can observe is deterministic: pairs
// and next visit keys in a stable order, math.random is seeded from the run's
// seed, and tostring never shows an address.
//
// Errors: a Lua error, an exhausted budget or the memory cap ends the run.
// The callback that failed throws ScriptError out of Simulation::run_until;
// the driver (sim/run/run.h) records the failure, so the recording stays
// readable with the error in it. After a failure the script is dead: every
// later callback is skipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/model/simulation.h"
#include "sim/scenario/scenario.h"

namespace firedrill {

// How much a script may do.
struct ScriptLimits {
  // Lua VM instructions per callback (and for the top level).
  std::int64_t instructions_per_callback = 20'000'000;
  // Lua VM instructions of all callbacks at one simulated microsecond.
  std::int64_t instructions_per_instant = 200'000'000;
  // Bytes the whole Lua state may allocate.
  std::size_t memory_bytes = 64u << 20;
  // Callbacks registered and not yet run (timers plus `on` handlers).
  std::size_t pending_callbacks = 100'000;
  // Callbacks run at one simulated microsecond before the script is judged
  // to be scheduling itself forever without letting time move.
  std::size_t callbacks_per_instant = 1'000'000;
};

struct ScriptOptions {
  ScriptLimits limits;
  // Where `print` writes, a line at a time prefixed with the script's name
  // and the simulated time; null discards. Not recorded: it is for authors.
  std::function<void(std::string_view line)> print;
};

// A script failed: a Lua error, a broken limit, or a bad argument to an API
// call. what() is "faults.lua:12: message" followed by a traceback.
class ScriptError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class FaultScript {
 public:
  // Compiles `script` (the scenario's `faults`, or any script in its place)
  // in a fresh sandbox bound to `sim`. `sim` and `scenario` must outlive the
  // FaultScript's use (the destructor does not touch them). `seed` seeds
  // math.random and random(). Throws ScriptError on a syntax error.
  FaultScript(Simulation& sim, const Scenario& scenario, const ScriptSource& script,
              std::uint64_t seed, ScriptOptions options = {});
  ~FaultScript();
  FaultScript(const FaultScript&) = delete;
  FaultScript& operator=(const FaultScript&) = delete;

  // Runs the script's top level at sim.now(). Throws ScriptError.
  void start();

  // The first error the script raised, "" if none.
  const std::string& failure() const;
  // Bytes the Lua state holds now.
  std::size_t memory_in_use() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Checks a scenario's fault script without simulating: compiles it and runs
// its top level against a fresh simulation at time 0, which catches syntax
// errors, unknown service names and bad arguments used at the top level.
// Callbacks are registered but never run. Returns the problems found (empty
// if none), each placed at the script's file and line.
std::vector<Diagnostic> check_fault_script(const Scenario& scenario);

}  // namespace firedrill
