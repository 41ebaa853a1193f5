// Scheduling from a script: at, after, every, on, now, and Timer:cancel.
// The callbacks themselves live in ScriptHost (callbacks.cpp).
#include <string>
#include <string_view>
#include <vector>

#include "scripting/api_common.h"
#include "scripting/lua_args.h"
#include "scripting/sandbox.h"
#include "sim/base/suggest.h"
#include "sim/model/event_kinds.h"

namespace firedrill::scripting {
namespace {

int api_at(lua_State* L) {
  const SimTime time = check_duration(L, 1, "at: the time");
  luaL_checktype(L, 2, LUA_TFUNCTION);
  ScriptHost& h = host(L);
  if (time < h.sim.now()) {
    raise(L, [&] {
      return "at: " + format_clock(time) + " is in the past (it is " + format_clock(h.sim.now()) +
             " now); use after() for a delay";
    });
  }
  char call[96];
  describe_call(L, "at", 1, call);
  const std::uint32_t site = h.intern_site(L, call);
  const std::uint32_t slot = h.add_callback(L, 2, CallbackSlot::Kind::kOnce, site);
  guarded(L, [&] { h.schedule(slot, time); });
  push_timer(L, slot);
  return 1;
}

int api_after(lua_State* L) {
  const SimTime delay = check_duration(L, 1, "after: the delay");
  luaL_checktype(L, 2, LUA_TFUNCTION);
  ScriptHost& h = host(L);
  char call[96];
  describe_call(L, "after", 1, call);
  const std::uint32_t site = h.intern_site(L, call);
  const std::uint32_t slot = h.add_callback(L, 2, CallbackSlot::Kind::kOnce, site);
  guarded(L, [&] { h.schedule(slot, h.sim.now() + delay); });
  push_timer(L, slot);
  return 1;
}

int api_every(lua_State* L) {
  const SimTime interval = check_duration(L, 1, "every: the interval");
  luaL_checktype(L, 2, LUA_TFUNCTION);
  if (interval < kMillisecond) {
    raise(L, [&] {
      return "every: the interval must be at least 1ms, got " + format_duration(interval);
    });
  }
  ScriptHost& h = host(L);
  char call[96];
  describe_call(L, "every", 1, call);
  const std::uint32_t site = h.intern_site(L, call);
  const std::uint32_t slot = h.add_callback(L, 2, CallbackSlot::Kind::kEvery, site);
  h.slots[slot].interval = interval;
  guarded(L, [&] { h.schedule(slot, h.sim.now() + interval); });
  push_timer(L, slot);
  return 1;
}

int api_on(lua_State* L) {
  const char* event = luaL_checkstring(L, 1);
  const ScriptApi& api = host(L).api;
  bool known = false;
  for (std::string_view kind : event_kind::kAll) known = known || kind == event;
  const bool observable = known && (api.observable == nullptr || api.observable(event));
  if (!observable) {
    raise(L, [&] {
      // The kinds this script may subscribe to, in the documented order.
      std::vector<std::string> kinds;
      for (std::string_view kind : event_kind::kAll) {
        if (api.observable == nullptr || api.observable(kind)) kinds.emplace_back(kind);
      }
      std::string list;
      for (const std::string& k : kinds) list += (list.empty() ? "" : ", ") + k;
      if (known) {
        return "on: '" + std::string(event) + "' events " + api.unobservable_reason +
               " (events: " + list + ")";
      }
      return "on: unknown event '" + std::string(event) + "'" + did_you_mean(event, kinds) +
             " (events: " + list + ")";
    });
  }
  int fn = 2;
  std::int64_t service = -1;
  if (lua_gettop(L) >= 3) {
    fn = 3;
    if (!lua_isnil(L, 2)) service = check_service(L, 2, "on: the target");
  }
  luaL_checktype(L, fn, LUA_TFUNCTION);
  ScriptHost& h = host(L);
  char call[96];
  describe_call(L, "on", 1, call);
  const std::uint32_t site = h.intern_site(L, call);
  const std::uint32_t slot = h.add_callback(L, fn, CallbackSlot::Kind::kOn, site);
  guarded(L, [&] {
    h.slots[slot].event = event;
    h.slots[slot].service = service;
  });
  push_timer(L, slot);
  return 1;
}

int api_now(lua_State* L) {
  lua_pushnumber(L, to_seconds(host(L).sim.now()));
  return 1;
}

int timer_cancel(lua_State* L) {
  auto* timer = static_cast<TimerHandle*>(luaL_checkudata(L, 1, kTimerType));
  host(L).cancel(timer->slot, timer->generation);
  return 0;
}

}  // namespace

const luaL_Reg kSchedulingGlobals[] = {{"at", api_at}, {"after", api_after}, {"every", api_every},
                                       {"on", api_on}, {"now", api_now},     {nullptr, nullptr}};
const luaL_Reg kTimerMethods[] = {{"cancel", timer_cancel}, {nullptr, nullptr}};

}  // namespace firedrill::scripting
