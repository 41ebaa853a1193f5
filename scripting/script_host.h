// Internal to scripting/: what the fault API's C functions reach through the
// Lua state: the simulation, the scenario, the sandbox and the callbacks the
// script registered.
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

class ScriptHost {
 public:
  ScriptHost(Simulation& sim, const Scenario& scenario, const ScriptSource& script,
             std::uint64_t seed, ScriptOptions options);

  static ScriptHost& of(lua_State* L) { return *static_cast<ScriptHost*>(Sandbox::owner_of(L)); }

  void start();

  Simulation& sim;
  const Scenario& scenario;
  const ScriptSource& script;
  ScriptOptions options;
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

// Installs the fault API's globals (fault_api.cpp).
void install_fault_api(lua_State* L);

}  // namespace firedrill::scripting
