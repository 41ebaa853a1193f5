#include "scripting/lua_args.h"

#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "scripting/sandbox.h"
#include "sim/base/suggest.h"
#include "sim/base/units.h"

namespace firedrill::scripting {
namespace {

// Parses `text` with `parse` (which throws InputError), raising its message
// prefixed by `what` as a Lua error.
template <class Parse>
auto parse_or_raise(lua_State* L, const char* what, const char* text, std::size_t size,
                    Parse&& parse) {
  decltype(parse(std::string_view())) value{};
  char message[1024];
  bool failed = false;
  try {
    value = parse(std::string_view(text, size));
  } catch (const InputError& e) {
    copy_message(message, std::string(what) + ": " + e.first().message);
    failed = true;
  }
  if (failed) luaL_error(L, "%s", message);
  return value;
}

[[noreturn]] void expected(lua_State* L, int index, const char* what, const char* shape) {
  luaL_error(L, "%s must be %s, got %s", what, shape,
             lua_isnoneornil(L, index) ? "nothing" : luaL_typename(L, index));
  __builtin_unreachable();
}

double non_negative_number(lua_State* L, int index, const char* what, const char* shape) {
  const lua_Number n = lua_tonumber(L, index);
  if (!std::isfinite(n) || n < 0) {
    luaL_error(L, "%s must be %s, got %f", what, shape, static_cast<double>(n));
  }
  return n;
}

}  // namespace

SimTime check_duration(lua_State* L, int index, const char* what) {
  constexpr const char* kShape = "a duration like \"300ms\" or \"5m\", or a number of seconds";
  if (lua_type(L, index) == LUA_TNUMBER) {
    const double seconds = non_negative_number(L, index, what, kShape);
    if (seconds > 1e9) luaL_error(L, "%s is too long (%f seconds)", what, seconds);
    return static_cast<SimTime>(std::llround(seconds * kSecond));
  }
  if (lua_type(L, index) != LUA_TSTRING) expected(L, index, what, kShape);
  std::size_t size = 0;
  const char* text = lua_tolstring(L, index, &size);
  return parse_or_raise(L, what, text, size, [](std::string_view t) { return parse_duration(t); });
}

std::int64_t check_bytes(lua_State* L, int index, const char* what) {
  constexpr const char* kShape = "a size like \"48KiB\" or \"1GiB\", or a number of bytes";
  if (lua_type(L, index) == LUA_TNUMBER) {
    const double bytes = non_negative_number(L, index, what, kShape);
    if (bytes > 1e18) luaL_error(L, "%s is too large", what);
    return std::llround(bytes);
  }
  if (lua_type(L, index) != LUA_TSTRING) expected(L, index, what, kShape);
  std::size_t size = 0;
  const char* text = lua_tolstring(L, index, &size);
  return parse_or_raise(L, what, text, size, [](std::string_view t) { return parse_bytes(t); });
}

double check_request_rate(lua_State* L, int index, const char* what) {
  constexpr const char* kShape = "a rate like \"800/s\" or \"12000/m\", or a number per second";
  if (lua_type(L, index) == LUA_TNUMBER) return non_negative_number(L, index, what, kShape);
  if (lua_type(L, index) != LUA_TSTRING) expected(L, index, what, kShape);
  std::size_t size = 0;
  const char* text = lua_tolstring(L, index, &size);
  return parse_or_raise(L, what, text, size, [](std::string_view t) { return parse_rate(t); });
}

double check_byte_rate(lua_State* L, int index, const char* what) {
  constexpr const char* kShape =
      "a rate like \"10MiB/min\" or \"512KiB/s\", or a number of bytes per second";
  if (lua_type(L, index) == LUA_TNUMBER) return non_negative_number(L, index, what, kShape);
  if (lua_type(L, index) != LUA_TSTRING) expected(L, index, what, kShape);
  std::size_t size = 0;
  const char* text = lua_tolstring(L, index, &size);
  return parse_or_raise(L, what, text, size, [](std::string_view t) -> double {
    const std::size_t slash = t.rfind('/');
    if (slash == std::string_view::npos) {
      throw InputError("expected bytes per unit of time like \"10MiB/min\", got \"" +
                       std::string(t) + "\"");
    }
    const std::string_view unit = t.substr(slash + 1);
    double per = 0;
    if (unit == "s" || unit == "sec") {
      per = 1;
    } else if (unit == "m" || unit == "min") {
      per = 60;
    } else if (unit == "h" || unit == "hour") {
      per = 3600;
    } else {
      throw InputError("unknown time unit '" + std::string(unit) + "' in \"" + std::string(t) +
                       "\" (expected s, min or h)");
    }
    return static_cast<double>(parse_bytes(t.substr(0, slash))) / per;
  });
}

double check_finite(lua_State* L, int index, const char* what) {
  if (lua_type(L, index) != LUA_TNUMBER) expected(L, index, what, "a number");
  const lua_Number n = lua_tonumber(L, index);
  if (!std::isfinite(n)) luaL_error(L, "%s must be a finite number", what);
  return n;
}

bool check_options(lua_State* L, int index, const char* call,
                   std::initializer_list<const char*> allowed, bool optional) {
  if (lua_isnoneornil(L, index)) {
    if (optional) return false;
    luaL_error(L, "%s needs a table of options, e.g. %s{...}", call, call);
  }
  if (lua_type(L, index) != LUA_TTABLE) {
    luaL_error(L, "%s takes a table of options, got %s", call, luaL_typename(L, index));
  }
  // Every key is checked; of several unknown ones the smallest is reported,
  // so that the message does not depend on the table's internal order.
  const char* unknown = nullptr;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    lua_pop(L, 1);  // the value
    if (lua_type(L, -1) != LUA_TSTRING) {
      luaL_error(L, "%s: options are named (like {rate = 0.2}), got a %s key", call,
                 luaL_typename(L, -1));
    }
    const char* key = lua_tostring(L, -1);
    bool known = false;
    for (const char* name : allowed) known = known || std::strcmp(name, key) == 0;
    if (!known && (unknown == nullptr || std::strcmp(key, unknown) < 0)) unknown = key;
  }
  if (unknown != nullptr) {  // still alive: the table holds the key
    raise(L, [&] {
      std::vector<std::string> names(allowed.begin(), allowed.end());
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
      return std::string(call) + ": unknown option '" + unknown + "'" +
             did_you_mean(unknown, names) + " (options: " + list + ")";
    });
  }
  return true;
}

int push_option(lua_State* L, int index, const char* name) {
  if (lua_type(L, index) != LUA_TTABLE) {
    lua_pushnil(L);
    return LUA_TNIL;
  }
  lua_pushstring(L, name);
  return lua_rawget(L, index);
}

}  // namespace firedrill::scripting
