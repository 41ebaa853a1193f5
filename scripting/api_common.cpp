#include "scripting/api_common.h"

#include <cstdio>
#include <string>

#include "scripting/sandbox.h"
#include "sim/base/suggest.h"

namespace firedrill::scripting {

void push_service(lua_State* L, std::uint32_t index) {
  lua_getfield(L, LUA_REGISTRYINDEX, kServicesKey);
  lua_rawgeti(L, -1, static_cast<lua_Integer>(index) + 1);
  lua_remove(L, -2);
}

std::uint32_t check_service(lua_State* L, int index, const char* what) {
  if (auto* handle = static_cast<ServiceHandle*>(luaL_testudata(L, index, kServiceType))) {
    return handle->index;
  }
  if (lua_type(L, index) != LUA_TSTRING) {
    const char* got = lua_isnoneornil(L, index) ? "nothing" : luaL_typename(L, index);
    // Responder bots have no Service handles: only names.
    const bool handles = luaL_getmetatable(L, kServiceType) != LUA_TNIL;
    lua_pop(L, 1);
    if (!handles) luaL_error(L, "%s must be a service name, got %s", what, got);
    luaL_error(L, "%s must be a service (from service(\"name\")) or a service name, got %s", what,
               got);
  }
  const char* name = lua_tostring(L, index);
  const auto found = host(L).scenario.find_service(name);
  if (!found) {
    raise(L, [&] {
      return "unknown service '" + std::string(name) + "'" +
             did_you_mean(name, host(L).service_names);
    });
  }
  return *found;
}

std::uint32_t self_service(lua_State* L) {
  return static_cast<ServiceHandle*>(luaL_checkudata(L, 1, kServiceType))->index;
}

void push_timer(lua_State* L, std::uint32_t slot) {
  auto* timer = static_cast<TimerHandle*>(lua_newuserdatauv(L, sizeof(TimerHandle), 0));
  timer->slot = slot;
  timer->generation = host(L).slots[slot].generation;
  luaL_setmetatable(L, kTimerType);
}

void describe_call(lua_State* L, const char* call, int index, char (&out)[96]) {
  if (lua_type(L, index) == LUA_TSTRING) {
    std::snprintf(out, sizeof out, "%s(\"%.60s\")", call, lua_tostring(L, index));
  } else if (lua_type(L, index) == LUA_TNUMBER) {
    std::snprintf(out, sizeof out, "%s(%.14g)", call, static_cast<double>(lua_tonumber(L, index)));
  } else {
    std::snprintf(out, sizeof out, "%s(%s)", call, luaL_typename(L, index));
  }
}

}  // namespace firedrill::scripting
