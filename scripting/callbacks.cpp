// The callbacks a script registers (at, after, every, on) and how the
// simulation calls them back. Every callback runs as a kernel callback at its
// simulated time, so it takes its place in the (time, scheduling order)
// sequence with the model's own events. `on` handlers run right after the
// event, at the same simulated time: never inside the model's own work.
#include <fmt/core.h>

#include <cstring>

#include "scripting/script_host.h"
#include "sim/base/time.h"

namespace firedrill::scripting {
namespace {

// Data for the protected call that runs one callback.
struct FireData {
  int function;
  const RunEvent* event;  // for `on` handlers, else null
};

// The event as the handler's argument: kind, time (seconds), service,
// instance, and each attribute as a string field.
void push_event(lua_State* L, const RunEvent& event) {
  lua_createtable(L, 0, 4 + static_cast<int>(event.attributes.size()));
  lua_pushstring(L, event.kind.c_str());
  lua_setfield(L, -2, "kind");
  lua_pushnumber(L, to_seconds(event.time));
  lua_setfield(L, -2, "time");
  if (!event.service.empty()) {
    lua_pushstring(L, event.service.c_str());
    lua_setfield(L, -2, "service");
  }
  if (!event.instance.empty()) {
    lua_pushstring(L, event.instance.c_str());
    lua_setfield(L, -2, "instance");
  }
  for (const auto& [name, value] : event.attributes) {
    lua_pushlstring(L, value.data(), value.size());
    lua_setfield(L, -2, name.c_str());
  }
}

int fire_body(lua_State* L) {
  const auto* data = static_cast<const FireData*>(lua_touserdata(L, 1));
  lua_rawgeti(L, LUA_REGISTRYINDEX, data->function);
  int args = 0;
  if (data->event != nullptr) {
    push_event(L, *data->event);
    args = 1;
  }
  lua_call(L, args, 0);
  return 0;
}

int top_level_body(lua_State* L) {
  const auto* chunk = static_cast<const int*>(lua_touserdata(L, 1));
  lua_rawgeti(L, LUA_REGISTRYINDEX, *chunk);
  lua_call(L, 0, 0);
  return 0;
}

}  // namespace

ScriptHost::ScriptHost(Simulation& simulation, const Scenario& scenario_,
                       const ScriptSource& source, std::uint64_t seed, ScriptOptions script_options,
                       const ScriptApi& script_api)
    : sim(simulation),
      scenario(scenario_),
      script(source),
      options(std::move(script_options)),
      api(script_api),
      sandbox(options.limits, seed, this, api.random_stream) {
  for (const ServiceSpec& s : scenario.services) service_names.push_back(s.name);
  series_cache.resize(scenario.services.size());
  if (options.print) {
    sandbox.set_print([this](std::string_view line) {
      options.print(fmt::format("[{} {}] {}", script.path, format_clock(sim.now()), line));
    });
  }
  api.install(sandbox.state());
  sim.add_event_listener([this](const RunEvent& event) { on_event(event); });
}

void ScriptHost::start() {
  int chunk = sandbox.compile(script.text, script.path);
  sandbox.call(&top_level_body, &chunk, "the top level of " + script.path);
}

std::uint32_t ScriptHost::intern_site(lua_State* L, const char* call) {
  lua_Debug ar;
  int line = 0;
  const char* source = "?";
  if (lua_getstack(L, 1, &ar) != 0 && lua_getinfo(L, "Sl", &ar) != 0) {
    line = ar.currentline;
    source = ar.short_src;
  }
  // Sites name the call with its first argument ("after(0.25)"); past a
  // bound (a script computing its delays) only the call's name, so that the
  // table stays small.
  constexpr std::size_t kMaxSites = 10'000;
  std::uint32_t index = 0;
  guarded(L, [&] {
    std::string site = fmt::format("{} at {}:{}", call, source, line);
    if (sites.size() >= kMaxSites && site_index.find(site) == site_index.end()) {
      const std::string_view name(call, std::strcspn(call, "("));
      site = fmt::format("{}(...) at {}:{}", name, source, line);
    }
    auto it = site_index.find(site);
    if (it != site_index.end()) {
      index = it->second;
      return;
    }
    index = static_cast<std::uint32_t>(sites.size());
    site_index.emplace(site, index);
    sites.push_back(std::move(site));
  });
  return index;
}

std::uint32_t ScriptHost::add_callback(lua_State* L, int fn, CallbackSlot::Kind kind,
                                       std::uint32_t site) {
  if (pending >= options.limits.pending_callbacks) {
    luaL_error(L,
               "too many pending callbacks: %d registered and not yet run (the limit is %d; "
               "does a callback schedule itself in a loop?)",
               static_cast<int>(pending), static_cast<int>(options.limits.pending_callbacks));
  }
  lua_pushvalue(L, fn);
  const int function = luaL_ref(L, LUA_REGISTRYINDEX);
  std::uint32_t slot = 0;
  guarded(L, [&] {
    if (!free_slots.empty()) {
      slot = free_slots.back();
      free_slots.pop_back();
    } else {
      slot = static_cast<std::uint32_t>(slots.size());
      slots.emplace_back();
    }
    CallbackSlot& s = slots[slot];
    s.kind = kind;
    s.active = true;
    s.function = function;
    s.interval = 0;
    s.event.clear();
    s.service = -1;
    s.site = site;
    ++pending;
    if (kind == CallbackSlot::Kind::kOn) subscriptions.push_back(slot);
  });
  return slot;
}

void ScriptHost::schedule(std::uint32_t slot, SimTime time) {
  const std::uint32_t generation = slots[slot].generation;
  sim.at(time, [this, slot, generation] { fire(slot, generation, nullptr); });
}

void ScriptHost::release(std::uint32_t slot) {
  CallbackSlot& s = slots[slot];
  if (!s.active) return;
  s.active = false;
  ++s.generation;
  luaL_unref(sandbox.state(), LUA_REGISTRYINDEX, s.function);
  s.function = LUA_NOREF;
  --pending;
  if (s.kind == CallbackSlot::Kind::kOn) {
    std::erase(subscriptions, slot);
  }
  free_slots.push_back(slot);
}

void ScriptHost::cancel(std::uint32_t slot, std::uint32_t generation) {
  if (slot < slots.size() && slots[slot].generation == generation) release(slot);
}

void ScriptHost::fire(std::uint32_t slot, std::uint32_t generation, const RunEvent* event) {
  if (sandbox.dead()) return;
  if (slots[slot].generation != generation || !slots[slot].active) return;  // cancelled
  if (sim.now() != instant_) {
    instant_ = sim.now();
    at_instant_ = 0;
    instructions_at_instant_ = 0;
  }
  if (++at_instant_ > options.limits.callbacks_per_instant) {
    sandbox.fail(fmt::format(
        "{} callbacks ran at {} without simulated time moving on: a callback that schedules "
        "itself with no delay? (the last was registered by {})",
        options.limits.callbacks_per_instant, format_clock(sim.now()), sites[slots[slot].site]));
  }
  CallbackSlot& s = slots[slot];
  FireData data{s.function, event};
  const std::uint32_t site = s.site;
  switch (s.kind) {
    case CallbackSlot::Kind::kOnce: {
      // Spent before it runs (cancelling it from inside is a no-op); its
      // function stays referenced until it has run.
      s.active = false;
      ++s.generation;
      s.function = LUA_NOREF;
      --pending;
      sandbox.call(&fire_body, &data, "the callback registered by " + sites[site]);
      luaL_unref(sandbox.state(), LUA_REGISTRYINDEX, data.function);
      free_slots.push_back(slot);
      break;
    }
    case CallbackSlot::Kind::kEvery:
      schedule(slot, sim.now() + s.interval);
      sandbox.call(&fire_body, &data, "the callback registered by " + sites[site]);
      break;
    case CallbackSlot::Kind::kOn:
      sandbox.call(&fire_body, &data, "the handler registered by " + sites[site]);
      break;
  }
  instructions_at_instant_ += sandbox.instructions_used();
  if (instructions_at_instant_ > options.limits.instructions_per_instant) {
    sandbox.fail(fmt::format(
        "the script's callbacks ran more than {} VM instructions at {} without simulated time "
        "moving on (the last was registered by {})",
        options.limits.instructions_per_instant, format_clock(sim.now()), sites[site]));
  }
}

void ScriptHost::on_event(const RunEvent& event) {
  if (sandbox.dead() || subscriptions.empty()) return;
  for (std::uint32_t slot : subscriptions) {
    const CallbackSlot& s = slots[slot];
    if (s.event != event.kind) continue;
    if (s.service >= 0 &&
        scenario.services[static_cast<std::size_t>(s.service)].name != event.service)
      continue;
    if (pending >= options.limits.pending_callbacks) {
      sandbox.fail(fmt::format(
          "too many pending callbacks: {} registered or queued and not yet run (the limit is "
          "{}); does a handler cause the events it handles? (registered by {})",
          pending, options.limits.pending_callbacks, sites[s.site]));
    }
    ++pending;  // the queued run, until it runs
    const std::uint32_t generation = s.generation;
    sim.at(sim.now(), [this, slot, generation, event] {
      --pending;
      fire(slot, generation, &event);
    });
  }
}

}  // namespace firedrill::scripting
