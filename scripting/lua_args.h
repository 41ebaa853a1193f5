// Internal to scripting/: reading API arguments from the Lua stack, with
// messages that say what was expected ("latency: 'add' must be a duration
// like \"300ms\" or a number of seconds, got a boolean"). Each raises a Lua
// error at the script's line on bad input; none leaves a C++ object behind.
#pragma once

#include <lua.hpp>

#include <cstdint>
#include <initializer_list>

#include "sim/base/time.h"

namespace firedrill::scripting {

// A duration: "250ms", "5m", or a number of seconds. Never negative.
SimTime check_duration(lua_State* L, int index, const char* what);
// A byte size: "48KiB", "1GiB", or a number of bytes. Never negative.
std::int64_t check_bytes(lua_State* L, int index, const char* what);
// A request rate: "800/s", "12000/m", or a number per second. Never negative.
double check_request_rate(lua_State* L, int index, const char* what);
// A memory growth rate: "10MiB/min", "512KiB/s", or bytes per second.
double check_byte_rate(lua_State* L, int index, const char* what);
// A finite number.
double check_finite(lua_State* L, int index, const char* what);

// Checks that the value at `index` is a table (or absent/nil when
// `optional`) whose keys are all among `allowed`; `call` names the API call
// in messages. Returns whether a table is there.
bool check_options(lua_State* L, int index, const char* call,
                   std::initializer_list<const char*> allowed, bool optional);
// Pushes options[name] (raw) and returns its Lua type; LUA_TNIL when the
// options table is absent.
int push_option(lua_State* L, int index, const char* name);

}  // namespace firedrill::scripting
