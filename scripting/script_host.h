// Internal to scripting/: what the API's C functions reach through the Lua
// state: the simulation, the scenario, the sandbox and the callbacks the
// script registered. Both kinds of script (fault programs and responder
// bots) run on a ScriptHost: the same sandbox, limits, callbacks and
// scheduling, with a different API installed (ScriptApi).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scripting/fault_script.h"
#include "scripting/sandbox.h"
#include "sim/metrics/metric_store.h"
#include "sim/model/journal.h"

namespace firedrill::scripting {

// A callback the script registered with at, after, every or on.
struct CallbackSlot {
  enum class Kind : std::uint8_t { kOnce, kEvery, kOn };
  Kind kind = Kind::kOnce;
  bool active = false;
  std::uint32_t generation = 0;  // bumped when the slot is freed, so old timers go stale
  int function = LUA_NOREF;      // registry reference
  SimTime interval = 0;          // kEvery
  std::string event;             // kOn: the event kind
  std::int64_t service = -1;     // kOn: only events about this service; -1 = any
  std::uint32_t site = 0;        // index into ScriptHost::sites
};

// What makes a kind of script: the globals it gets and the events it may see.
struct ScriptApi {
  // Installs the API's globals in a fresh sandbox. Throws ScriptError.
  void (*install)(lua_State* L) = nullptr;
  // Which event kinds `on` accepts; null: every kind the model emits.
  bool (*observable)(std::string_view kind) = nullptr;
  // Why `on` refuses a kind that exists but is not observable (appended to
  // "on: '<kind>' events ").
  const char* unobservable_reason = "";
  // The name of the random stream math.random draws from (with the run's seed).
  const char* random_stream = "lua:math.random";
};

// The fault API (install_fault_api, fault_api.cpp): every event kind.
ScriptApi fault_api();

class ScriptHost {
 public:
  ScriptHost(Simulation& sim, const Scenario& scenario, const ScriptSource& script,
             std::uint64_t seed, ScriptOptions options, const ScriptApi& api = fault_api());

  static ScriptHost& of(lua_State* L) { return *static_cast<ScriptHost*>(Sandbox::owner_of(L)); }

  void start();

  Simulation& sim;
  const Scenario& scenario;
  const ScriptSource& script;
  ScriptOptions options;
  ScriptApi api;
  Sandbox sandbox;

  // --- Callbacks (callbacks.cpp) ---

  // Registers a callback: the function at stack index `fn`, registered at
  // `site` (from intern_site). Returns the slot. Raises a Lua error if too
  // many are pending.
  std::uint32_t add_callback(lua_State* L, int fn, CallbackSlot::Kind kind, std::uint32_t site);
  // Schedules slot `slot` to fire at `time`.
  void schedule(std::uint32_t slot, SimTime time);
  // Cancels a callback; a no-op if it already ran or was cancelled.
  void cancel(std::uint32_t slot, std::uint32_t generation);
  // "every(\"1s\") at faults.lua:12" for the Lua function calling the C
  // function running now (`call` is the API call with its first argument).
  std::uint32_t intern_site(lua_State* L, const char* call);

  std::vector<CallbackSlot> slots;
  std::vector<std::uint32_t> free_slots;
  std::vector<std::uint32_t> subscriptions;  // kOn slots, in registration order
  std::vector<std::string> sites;
  std::map<std::string, std::uint32_t, std::less<>> site_index;
  std::size_t pending = 0;     // callbacks registered and not run, plus handler runs queued
  std::size_t text_bytes = 0;  // text the script added to the run (logs, injects, versions)

  // Per service: its series ids per metric name, found on first use.
  std::vector<std::map<std::string, std::vector<SeriesId>, std::less<>>> series_cache;
  std::vector<std::string> service_names;

 private:
  void fire(std::uint32_t slot, std::uint32_t generation, const RunEvent* event);
  void on_event(const RunEvent& event);
  void release(std::uint32_t slot);

  SimTime instant_ = -1;  // the simulated time of the last callback
  std::size_t at_instant_ = 0;
  std::int64_t instructions_at_instant_ = 0;
};

// A script's error as a validation problem (script_check.cpp): "faults.lua:12:
// message\n..." becomes a Diagnostic at the script's file (as the user can
// open it: beside the scenario file) and line, with the message's first line.
Diagnostic diagnose_script_error(const ScriptSource& script, const std::string& error);

// Installs the fault API's globals (fault_api.cpp).
void install_fault_api(lua_State* L);
// Installs the responder API's globals (responder_api.cpp).
void install_responder_api(lua_State* L);

}  // namespace firedrill::scripting
