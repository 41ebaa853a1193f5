// The sandbox: which libraries a script gets, what they cost, and how a
// failure becomes a ScriptError. The Lua half (deterministic pairs, refusals)
// is in sandbox_prelude.cpp.
#include "scripting/sandbox.h"

#include <cstdlib>
#include <cstring>

#include <fmt/core.h>

#include "scripting/sandbox_prelude.h"
#include "sim/base/random.h"

namespace firedrill::scripting {
namespace {

// The budget is checked every this many VM instructions.
constexpr int kHookStride = 1000;

// Registry key of the handle-order function scripting/fault_api.cpp
// installs (its keys order userdata handles in pairs; a responder bot has
// no handles to order but timers).
constexpr const char* kHandleOrderKey = "firedrill.handle_order";

int no_handle_order(lua_State* L) {
  lua_pushnil(L);
  return 1;
}

std::string format_mib(std::size_t bytes) {
  return fmt::format("{:g} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

}  // namespace

void copy_message(char (&buffer)[1024], std::string_view text) {
  const std::size_t n = std::min(text.size(), sizeof buffer - 1);
  std::memcpy(buffer, text.data(), n);
  buffer[n] = '\0';
}

Sandbox::Sandbox(const ScriptLimits& limits, std::uint64_t seed, void* owner,
                 std::string_view random_stream)
    : limits_(limits), seed_(seed), random_stream_(random_stream), owner_(owner) {
  memory_.cap = limits.memory_bytes;
  memory_.sandbox = this;
  L_ = lua_newstate(&Sandbox::allocate, &memory_);
  if (L_ == nullptr) throw ScriptError("cannot create a Lua state: out of memory");
  *static_cast<Sandbox**>(lua_getextraspace(L_)) = this;
  lua_pushcfunction(L_, &Sandbox::open);
  if (lua_pcall(L_, 0, 0, 0) != LUA_OK) {
    std::string message = lua_tostring(L_, -1) ? lua_tostring(L_, -1) : "unknown error";
    lua_close(L_);
    L_ = nullptr;
    throw ScriptError("cannot set up the Lua sandbox: " + message);
  }
}

Sandbox::~Sandbox() {
  if (L_ != nullptr) lua_close(L_);
}

void* Sandbox::allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto* memory = static_cast<Memory*>(ud);
  const std::size_t old = ptr != nullptr ? osize : 0;
  if (nsize == 0) {
    std::free(ptr);
    memory->used -= old;
    return nullptr;
  }
  // Refused growth makes Lua collect garbage and try again, then raise a
  // memory error (LUA_ERRMEM), which the sandbox treats as fatal.
  if (nsize > old && memory->used - old + nsize > memory->cap) {
    // Lua may still collect garbage and retry; remember where, in case not.
    if (memory->sandbox != nullptr && memory->sandbox->L_ != nullptr) {
      memory->sandbox->refused_at_ = memory->sandbox->locate();
    }
    return nullptr;
  }
  void* block = std::realloc(ptr, nsize);
  if (block == nullptr) return nullptr;
  memory->used = memory->used - old + nsize;
  return block;
}

int Sandbox::open(lua_State* L) {
  Sandbox& self = of(L);
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
  lua_settop(L, 0);
  // luaL_requiref also registered the libraries in the registry's table of
  // loaded modules. Tracebacks name functions by searching that table with
  // lua_next, whose order follows per-process string hashing: with it empty,
  // a traceback reads the same in every run.
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);

  // math.random from the run's seed: two 64-bit halves of its own stream.
  RandomStream stream(self.seed_, self.random_stream_);
  lua_getglobal(L, "math");
  lua_getfield(L, -1, "randomseed");
  lua_pushinteger(L, static_cast<lua_Integer>(stream.next_u64()));
  lua_pushinteger(L, static_cast<lua_Integer>(stream.next_u64()));
  lua_call(L, 2, 0);
  lua_pop(L, 1);

  // Raw functions handed to the prelude, then replaced or removed.
  lua_createtable(L, 0, 6);
  lua_getglobal(L, "next");
  lua_setfield(L, -2, "next");
  lua_getglobal(L, "tostring");
  lua_setfield(L, -2, "tostring");
  lua_pushcfunction(L, &Sandbox::raw_getmetatable);
  lua_setfield(L, -2, "getmetatable");
  lua_pushcfunction(L, &Sandbox::emit_print);
  lua_setfield(L, -2, "print");
  // Handles are ordered by whatever the fault API registers later.
  lua_pushcfunction(L, [](lua_State* S) {
    lua_getfield(S, LUA_REGISTRYINDEX, kHandleOrderKey);
    if (lua_isnil(S, -1)) return no_handle_order(S);
    lua_insert(S, 1);
    lua_call(S, lua_gettop(S) - 1, 1);
    return 1;
  });
  lua_setfield(L, -2, "handle_order");

  lua_pushcfunction(L, &Sandbox::sandbox_pcall);
  lua_setglobal(L, "pcall");
  lua_pushcfunction(L, &Sandbox::sandbox_xpcall);
  lua_setglobal(L, "xpcall");
  lua_getglobal(L, "load");
  lua_setfield(L, LUA_REGISTRYINDEX, "firedrill.raw_load");
  lua_pushcfunction(L, &Sandbox::sandbox_load);
  lua_setglobal(L, "load");
  lua_pushcfunction(L, &Sandbox::sandbox_collectgarbage);
  lua_setglobal(L, "collectgarbage");
  lua_pushnil(L);
  lua_setglobal(L, "print");

  if (luaL_loadbufferx(L, kSandboxPrelude, std::strlen(kSandboxPrelude), "=[sandbox]", "t") !=
      LUA_OK) {
    return lua_error(L);
  }
  lua_insert(L, -2);
  lua_call(L, 1, 0);
  return 0;
}

void Sandbox::arm_budget() {
  instructions_ = 0;
  // Re-arming also resets Lua's countdown to the next hook call.
  lua_sethook(L_, &Sandbox::count_hook, LUA_MASKCOUNT, kHookStride);
}

Sandbox::Location Sandbox::locate() const {
  Location where;
  lua_Debug ar;
  for (int level = 0; lua_getstack(L_, level, &ar) != 0; ++level) {
    if (lua_getinfo(L_, "Sl", &ar) == 0 || ar.source == nullptr || ar.source[0] != '@') continue;
    if (ar.currentline <= 0) continue;
    std::snprintf(where.text, sizeof where.text, "%s:%d", ar.short_src, ar.currentline);
    return where;
  }
  std::snprintf(where.text, sizeof where.text, "%s", chunk_.c_str());
  return where;
}

void Sandbox::count_hook(lua_State* L, lua_Debug* /*ar*/) {
  Sandbox& self = of(L);
  self.instructions_ += kHookStride;
  if (self.fatal_ == Fatal::kNone && self.instructions_ > self.limits_.instructions_per_callback) {
    self.fatal_ = Fatal::kBudget;
    std::snprintf(self.fatal_message_, sizeof self.fatal_message_,
                  "%s: instruction budget exceeded: more than %lld VM instructions in one "
                  "callback (a runaway loop?)",
                  self.locate().text,
                  static_cast<long long>(self.limits_.instructions_per_callback));
  }
  if (self.fatal_ != Fatal::kNone) {
    lua_pushstring(L, self.fatal_message_);
    lua_error(L);
  }
}

// Turns an error object into "message\nstack traceback: ...". Non-strings
// are described, never converted by their own __tostring: that would run
// script code while handling its error.
int Sandbox::message_handler(lua_State* L) {
  Sandbox& self = of(L);
  const char* message = nullptr;
  if (self.fatal_ != Fatal::kNone) {
    message = self.fatal_message_;  // whatever a script's handler made of it
  } else if (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER) {
    message = lua_tostring(L, 1);
  } else {
    message = lua_pushfstring(L, "%s: (error object is a %s value)", self.locate().text,
                              luaL_typename(L, 1));
  }
  luaL_traceback(L, L, message, 1);
  return 1;
}

// After a failed protected call inside the script: a broken limit cannot be
// caught, so it is raised again until it leaves the script.
int Sandbox::after_protected_call(lua_State* L, int status, int first_result) {
  Sandbox& self = of(L);
  if (status == LUA_ERRMEM && self.fatal_ == Fatal::kNone) self.mark_out_of_memory();
  if (status != LUA_OK && self.fatal_ != Fatal::kNone) {
    lua_pushstring(L, self.fatal_message_);
    return lua_error(L);
  }
  if (status != LUA_OK) {
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
  }
  lua_pushboolean(L, 1);
  lua_insert(L, first_result);
  return lua_gettop(L) - first_result + 1;
}

int Sandbox::sandbox_pcall(lua_State* L) {
  luaL_checkany(L, 1);
  const int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
  return after_protected_call(L, status, 1);
}

int Sandbox::sandbox_xpcall(lua_State* L) {
  const int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 1);  // the function
  lua_copy(L, 2, 1);    // the handler below it
  lua_replace(L, 2);
  const int status = lua_pcall(L, n - 2, LUA_MULTRET, 1);
  return after_protected_call(L, status, 2);
}

// load(chunk [, name [, mode [, env]]]): text chunks only, in the sandbox's
// globals unless an env is given.
int Sandbox::sandbox_load(lua_State* L) {
  const bool has_env = lua_gettop(L) >= 4;
  const char* mode = luaL_optstring(L, 3, "t");
  if (std::strcmp(mode, "t") != 0) {
    return luaL_error(L, "load: binary chunks are not allowed in scenario scripts (mode '%s')",
                      mode);
  }
  if (lua_type(L, 1) == LUA_TSTRING) {
    std::size_t size = 0;
    const char* text = lua_tolstring(L, 1, &size);
    if (size > 0 && text[0] == LUA_SIGNATURE[0]) {
      lua_pushnil(L);
      lua_pushliteral(L, "load: binary chunks are not allowed in scenario scripts");
      return 2;
    }
  }
  // The standard load with mode "t" refuses binary input from a reader
  // function too.
  lua_settop(L, 4);  // chunk, name, mode, env: fixed slots below what is pushed next
  lua_getfield(L, LUA_REGISTRYINDEX, "firedrill.raw_load");
  lua_pushvalue(L, 1);
  if (lua_isnoneornil(L, 2)) {
    lua_pushliteral(L, "=(load)");
  } else {
    lua_pushvalue(L, 2);
  }
  lua_pushliteral(L, "t");
  int args = 3;
  if (has_env) {
    lua_pushvalue(L, 4);
    ++args;
  }
  lua_call(L, args, 2);
  return 2;
}

int Sandbox::sandbox_collectgarbage(lua_State* L) {
  const char* option = luaL_optstring(L, 1, "collect");
  if (std::strcmp(option, "count") != 0) {
    return luaL_error(L, "collectgarbage: only \"count\" is available in scenario scripts");
  }
  const int kib = lua_gc(L, LUA_GCCOUNT, 0);
  const int bytes = lua_gc(L, LUA_GCCOUNTB, 0);
  lua_pushnumber(L, static_cast<lua_Number>(kib) + static_cast<lua_Number>(bytes) / 1024.0);
  return 1;
}

int Sandbox::raw_getmetatable(lua_State* L) {
  if (!lua_getmetatable(L, 1)) lua_pushnil(L);
  return 1;
}

int Sandbox::emit_print(lua_State* L) {
  Sandbox& self = of(L);
  std::size_t size = 0;
  const char* text = luaL_checklstring(L, 1, &size);
  if (self.print_) {
    guarded(L, [&] { self.print_(std::string_view(text, size)); });
  }
  return 0;
}

int Sandbox::compile(std::string_view text, const std::string& name) {
  chunk_ = name;
  const std::string chunk = "@" + name;
  const int status = luaL_loadbufferx(L_, text.data(), text.size(), chunk.c_str(), "t");
  if (status != LUA_OK) {
    std::string message = lua_tostring(L_, -1) ? lua_tostring(L_, -1) : "cannot compile";
    lua_pop(L_, 1);
    if (status == LUA_ERRMEM) message = name + ": memory cap exceeded while compiling";
    throw ScriptError(message);
  }
  // The chunk's only upvalue is _ENV, already the sandbox's globals.
  return luaL_ref(L_, LUA_REGISTRYINDEX);
}

void Sandbox::call(lua_CFunction body, void* data, std::string_view context) {
  if (dead()) return;
  arm_budget();
  lua_settop(L_, 0);
  lua_pushcfunction(L_, &Sandbox::message_handler);
  lua_pushcfunction(L_, body);
  lua_pushlightuserdata(L_, data);
  const int status = lua_pcall(L_, 1, 0, 1);
  lua_sethook(L_, nullptr, 0, 0);
  if (status == LUA_OK) {
    lua_settop(L_, 0);
    return;
  }
  failure_ = describe_failure(status, context);
  if (failure_.empty()) failure_ = "script failed";
  lua_settop(L_, 0);
  throw ScriptError(failure_);
}

void Sandbox::fail(std::string message) {
  failure_ = std::move(message);
  throw ScriptError(failure_);
}

void Sandbox::mark_out_of_memory() {
  fatal_ = Fatal::kMemory;
  std::snprintf(fatal_message_, sizeof fatal_message_,
                "%s: memory cap exceeded: the script's Lua state may hold %s (a table or string "
                "growing without end?)",
                refused_at_.text[0] != '\0' ? refused_at_.text : chunk_.c_str(),
                format_mib(limits_.memory_bytes).c_str());
}

std::string Sandbox::describe_failure(int status, std::string_view context) {
  std::string text;
  if (status == LUA_ERRMEM && fatal_ == Fatal::kNone) mark_out_of_memory();
  if (fatal_ == Fatal::kMemory) {
    text = fatal_message_;  // no traceback: the stack is gone with the memory
  } else if (status == LUA_ERRERR) {
    text = std::string(locate().text) +
           ": error while handling an error (a C stack overflow: recursion through pcall?)";
  } else {
    const char* message = lua_tostring(L_, -1);
    text = message != nullptr ? message : "(error object is not a string)";
  }
  if (!context.empty()) {
    const std::string where = "\n  in " + std::string(context);
    const std::size_t traceback = text.find("\nstack traceback:");
    text.insert(traceback == std::string::npos ? text.size() : traceback, where);
  }
  return text;
}

}  // namespace firedrill::scripting
