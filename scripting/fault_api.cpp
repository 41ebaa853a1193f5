// The fault API a script sees (docs/lua-api.md), put together: the handles
// (service, services, traffic), traffic faults, changes (deploy, rollback)
// and messages (log, inject) are here; scheduling is in scheduling_api.cpp
// and the faults on a service in service_api.cpp. Every effect is the
// Simulation's; these files only check arguments and translate.
#include <cstring>
#include <string>
#include <vector>

#include "scripting/api_common.h"
#include "scripting/lua_args.h"
#include "scripting/sandbox.h"
#include "sim/base/suggest.h"
#include "sim/base/units.h"

namespace firedrill::scripting {
namespace {

int api_service(lua_State* L) {
  const std::uint32_t index = check_service(L, 1, "service: the name");
  push_service(L, index);
  return 1;
}

int api_services(lua_State* L) {
  const auto n = static_cast<int>(host(L).scenario.services.size());
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; ++i) {
    push_service(L, static_cast<std::uint32_t>(i));
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

int api_traffic(lua_State* L) {
  std::int64_t entry = -1;
  if (!lua_isnoneornil(L, 1)) {
    entry = check_service(L, 1, "traffic: the entry point");
    bool is_entry = false;
    for (const TrafficSpec& t : host(L).scenario.traffic) {
      is_entry = is_entry || static_cast<std::int64_t>(t.entry_index) == entry;
    }
    if (!is_entry) {
      raise(L, [&] {
        std::string entries;
        for (const TrafficSpec& t : host(L).scenario.traffic) {
          if (entries.find("'" + t.entry + "'") == std::string::npos) {
            entries += (entries.empty() ? "'" : ", '") + t.entry + "'";
          }
        }
        return "traffic: '" + host(L).scenario.services[static_cast<std::size_t>(entry)].name +
               "' receives no traffic (entry points: " + entries + ")";
      });
    }
  }
  // One handle per entry point (and one for all), so that handles compare
  // equal and order the same way as table keys.
  lua_getfield(L, LUA_REGISTRYINDEX, kTrafficKey);
  if (lua_rawgeti(L, -1, entry + 2) == LUA_TNIL) {
    lua_pop(L, 1);
    auto* handle = static_cast<TrafficHandle*>(lua_newuserdatauv(L, sizeof(TrafficHandle), 0));
    handle->entry = entry;
    luaL_setmetatable(L, kTrafficType);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, entry + 2);
  }
  return 1;
}

// --- Traffic ---

template <class Apply>
void for_each_traffic(lua_State* L, Apply&& apply) {
  const auto* handle = static_cast<TrafficHandle*>(luaL_checkudata(L, 1, kTrafficType));
  const std::int64_t entry = handle->entry;
  guarded(L, [&] {
    const auto& traffic = host(L).scenario.traffic;
    for (std::size_t t = 0; t < traffic.size(); ++t) {
      if (entry < 0 || static_cast<std::int64_t>(traffic[t].entry_index) == entry) apply(t);
    }
  });
}

int traffic_spike(lua_State* L) {
  luaL_checkudata(L, 1, kTrafficType);
  check_options(L, 2, "spike", {"factor", "duration"}, /*optional=*/false);
  push_option(L, 2, "factor");
  const double factor = check_finite(L, -1, "spike: 'factor'");
  if (factor <= 0 || factor > 1000) {
    luaL_error(L, "spike: 'factor' must be above 0 and at most 1000, got %f", factor);
  }
  push_option(L, 2, "duration");
  const SimTime duration = check_duration(L, -1, "spike: 'duration'");
  if (duration <= 0) luaL_error(L, "spike: 'duration' must be longer than 0");
  for_each_traffic(L, [&](std::size_t t) { host(L).sim.spike_traffic(t, factor, duration); });
  return 0;
}

int traffic_set_rate(lua_State* L) {
  luaL_checkudata(L, 1, kTrafficType);
  const double rate = check_request_rate(L, 2, "set_rate: the rate");
  if (rate > 1e6) luaL_error(L, "set_rate: at most 1000000 requests per second, got %f", rate);
  for_each_traffic(L, [&](std::size_t t) { host(L).sim.set_traffic_rate(t, rate); });
  return 0;
}

int traffic_tostring(lua_State* L) {
  const auto* handle = static_cast<TrafficHandle*>(luaL_checkudata(L, 1, kTrafficType));
  if (handle->entry < 0) {
    lua_pushliteral(L, "traffic (all entry points)");
  } else {
    lua_pushfstring(
        L, "traffic into %s",
        host(L).scenario.services[static_cast<std::size_t>(handle->entry)].name.c_str());
  }
  return 1;
}

// --- Changes and messages ---

// Text a script adds to the run (log lines, injects, versions) is bounded
// per message and per run, so that a script cannot fill the disk.
constexpr std::size_t kMaxMessageBytes = 4096;
constexpr std::size_t kMaxVersionBytes = 128;
constexpr std::size_t kMaxScriptTextBytes = 64u << 20;

// Checks a text argument's length and charges it to the run's quota.
const char* check_text(lua_State* L, int index, const char* what, std::size_t max,
                       std::size_t* size) {
  const char* text = luaL_checklstring(L, index, size);
  if (*size > max) {
    luaL_error(L, "%s is %d bytes long; at most %d", what, static_cast<int>(*size),
               static_cast<int>(max));
  }
  ScriptHost& h = host(L);
  h.text_bytes += *size;
  if (h.text_bytes > kMaxScriptTextBytes) {
    luaL_error(L,
               "the script has written more than %d MiB of log lines, injects and versions "
               "into this run; that is the limit",
               static_cast<int>(kMaxScriptTextBytes >> 20));
  }
  return text;
}

int optional_text(lua_State* L, int index, char (&out)[1024], const char* what) {
  out[0] = '\0';
  if (lua_isnoneornil(L, index)) return 0;
  if (lua_type(L, index) != LUA_TSTRING) luaL_error(L, "%s must be a string", what);
  copy_message(out, lua_tostring(L, index));
  return 1;
}

// deploy(svc, version [, description] [, fn]): with a function, the faults
// it turns on come with the deploy (Simulation::attach_faults_to_deploy), and
// a rollback of the deploy ends them.
int api_deploy(lua_State* L) {
  const std::uint32_t s = check_service(L, 1, "deploy: the service");
  std::size_t size = 0;
  const char* version = check_text(L, 2, "deploy: the version", kMaxVersionBytes, &size);
  if (size == 0) luaL_error(L, "deploy: the version must not be empty");
  char description[1024];
  description[0] = '\0';
  int fn = 0;
  if (lua_type(L, 3) == LUA_TFUNCTION) {
    fn = 3;
    if (!lua_isnone(L, 4)) luaL_error(L, "deploy: the function must be the last argument");
  } else {
    optional_text(L, 3, description, "deploy: the description");
    if (lua_type(L, 4) == LUA_TFUNCTION) {
      fn = 4;
    } else if (!lua_isnoneornil(L, 4)) {
      luaL_error(L,
                 "deploy: the 4th argument must be a function (the faults of the deploy), got %s",
                 luaL_typename(L, 4));
    }
  }
  if (fn == 0) {
    guarded(L, [&] { host(L).sim.deploy(s, std::string(version, size), description); });
    return 0;
  }
  // The function runs in protected mode inside the C++ scope, so that its
  // errors unwind no C++ frame; one is raised again once the scope is gone.
  int status = LUA_OK;
  guarded(L, [&] {
    Simulation& sim = host(L).sim;
    sim.deploy(s, std::string(version, size), description);
    sim.attach_faults_to_deploy(s, [&] {
      lua_pushvalue(L, fn);
      status = lua_pcall(L, 0, 0, 0);
    });
  });
  if (status != LUA_OK) return lua_error(L);  // the error object is on top
  return 0;
}

int api_rollback(lua_State* L) {
  const std::uint32_t s = check_service(L, 1, "rollback: the service");
  char description[1024];
  optional_text(L, 2, description, "rollback: the description");
  guarded(L, [&] { host(L).sim.rollback(s, description); });
  return 0;
}

int api_log(lua_State* L) {
  const std::uint32_t s = check_service(L, 1, "log: the service");
  const char* level_name = luaL_checkstring(L, 2);
  static constexpr const char* kLevels[] = {"debug", "info", "warn", "error"};
  int level = -1;
  for (int i = 0; i < 4; ++i) {
    if (std::strcmp(level_name, kLevels[i]) == 0) level = i;
  }
  if (level < 0) {
    raise(L, [&] {
      return "log: unknown level '" + std::string(level_name) + "'" +
             did_you_mean(level_name, {"debug", "info", "warn", "error"}) +
             " (levels: debug, info, warn, error)";
    });
  }
  std::size_t size = 0;
  const char* text = check_text(L, 3, "log: the message", kMaxMessageBytes, &size);
  guarded(L, [&] { host(L).sim.log(s, static_cast<LogLevel>(level), std::string(text, size)); });
  return 0;
}

int api_inject(lua_State* L) {
  std::size_t size = 0;
  const char* text = check_text(L, 1, "inject: the message", kMaxMessageBytes, &size);
  if (size == 0) luaL_error(L, "inject: the message must not be empty");
  guarded(L, [&] { host(L).sim.inject(std::string(text, size)); });
  return 0;
}

// Orders handles used as table keys (pairs): services by index, then traffic.
int handle_order(lua_State* L) {
  if (auto* s = static_cast<ServiceHandle*>(luaL_testudata(L, 1, kServiceType))) {
    lua_pushinteger(L, s->index);
  } else if (auto* t = static_cast<TrafficHandle*>(luaL_testudata(L, 1, kTrafficType))) {
    lua_pushinteger(L, (lua_Integer{1} << 40) + t->entry + 1);
  } else {
    lua_pushnil(L);
  }
  return 1;
}

void new_type(lua_State* L, const char* name, const luaL_Reg* methods, lua_CFunction tostring) {
  luaL_newmetatable(L, name);
  lua_pushcfunction(L, tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");  // scripts cannot change handles
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

int install(lua_State* L) {
  static const luaL_Reg kTrafficMethods[] = {
      {"spike", traffic_spike}, {"set_rate", traffic_set_rate}, {nullptr, nullptr}};
  static const luaL_Reg kGlobals[] = {{"service", api_service},   {"services", api_services},
                                      {"traffic", api_traffic},   {"deploy", api_deploy},
                                      {"rollback", api_rollback}, {"log", api_log},
                                      {"inject", api_inject},     {nullptr, nullptr}};

  new_type(L, kServiceType, kServiceMethods, service_tostring);
  // Services also expose their name as a field.
  luaL_getmetatable(L, kServiceType);
  lua_getfield(L, -1, "__index");
  lua_pushcclosure(L, service_index, 1);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  new_type(L, kTrafficType, kTrafficMethods, traffic_tostring);
  new_type(L, kTimerType, kTimerMethods, [](lua_State* S) {
    lua_pushliteral(S, "timer");
    return 1;
  });

  // One handle per service, so that handles compare equal.
  const auto n = static_cast<int>(host(L).scenario.services.size());
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; ++i) {
    auto* handle = static_cast<ServiceHandle*>(lua_newuserdatauv(L, sizeof(ServiceHandle), 0));
    handle->index = static_cast<std::uint32_t>(i);
    luaL_setmetatable(L, kServiceType);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, LUA_REGISTRYINDEX, kServicesKey);
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, kTrafficKey);

  lua_pushcfunction(L, handle_order);
  lua_setfield(L, LUA_REGISTRYINDEX, "firedrill.handle_order");

  lua_pushglobaltable(L);
  luaL_setfuncs(L, kSchedulingGlobals, 0);
  luaL_setfuncs(L, kGlobals, 0);
  lua_getglobal(L, "math");
  lua_getfield(L, -1, "random");
  lua_setfield(L, -3, "random");  // random() is math.random, seeded from the run's seed
  lua_pop(L, 1);
  lua_pushinteger(L, kKiB);
  lua_setfield(L, -2, "KiB");
  lua_pushinteger(L, kMiB);
  lua_setfield(L, -2, "MiB");
  lua_pushinteger(L, kGiB);
  lua_setfield(L, -2, "GiB");
  lua_pop(L, 1);
  return 0;
}

}  // namespace

void install_fault_api(lua_State* L) {
  lua_pushcfunction(L, install);
  if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
    std::string message = lua_tostring(L, -1) ? lua_tostring(L, -1) : "unknown error";
    lua_pop(L, 1);
    throw ScriptError("cannot install the fault API: " + message);
  }
}

}  // namespace firedrill::scripting
