// Internal to scripting/: what the files of the fault API share: the handle
// types scripts get (Service, Traffic, Timer), and reading and pushing them.
// The API is split by topic: scheduling_api.cpp (at, after, every, on),
// service_api.cpp (faults on a service, metric), fault_api.cpp (handles,
// traffic, changes, messages, and installing it all). Responder bots
// (responder_api.cpp) share the scheduling, the timers and the metrics.
#pragma once

#include <lua.hpp>

#include <cstdint>

#include "scripting/script_host.h"

namespace firedrill::scripting {

inline constexpr const char* kServiceType = "Service";
inline constexpr const char* kTrafficType = "Traffic";
inline constexpr const char* kTimerType = "Timer";
inline constexpr const char* kServicesKey = "firedrill.services";  // registry: handle per service
inline constexpr const char* kTrafficKey = "firedrill.traffic";    // registry: handle per entry

struct ServiceHandle {
  std::uint32_t index;
};
struct TrafficHandle {
  std::int64_t entry;  // service index of the entry point, -1 = every entry
};
struct TimerHandle {
  std::uint32_t slot;
  std::uint32_t generation;
};

inline ScriptHost& host(lua_State* L) {
  return ScriptHost::of(L);
}

// Pushes the one handle of service `index`.
void push_service(lua_State* L, std::uint32_t index);
// A service given as a handle or by name (unknown names: did-you-mean).
std::uint32_t check_service(lua_State* L, int index, const char* what);
// The Service handle a method was called on.
std::uint32_t self_service(lua_State* L);
// Pushes the value of metric (name at stack index `name_index`) of service
// `s` at the latest scrape, filtered by the labels table at `labels_index`
// (absent or nil: none). Returns 1. Service:metric and a responder's metric.
int push_metric(lua_State* L, std::uint32_t s, int name_index, int labels_index);
// Pushes a Timer for callback slot `slot`.
void push_timer(lua_State* L, std::uint32_t slot);
// "every(\"1s\")", "at(1200)": the call and its first argument, for messages.
void describe_call(lua_State* L, const char* call, int index, char (&out)[96]);

// Each file's functions, for install (luaL_Reg lists ending in {nullptr, nullptr}).
extern const luaL_Reg kSchedulingGlobals[];
extern const luaL_Reg kTimerMethods[];
extern const luaL_Reg kServiceMethods[];
int service_tostring(lua_State* L);
int service_index(lua_State* L);  // upvalue 1: the methods table

}  // namespace firedrill::scripting
