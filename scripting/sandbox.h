// Internal to scripting/: one Lua state with the sandbox's libraries, a
// memory cap and an instruction budget, and protected calls that turn any
// failure into a ScriptError carrying file:line and a traceback.
//
// Rule for every C function Lua calls in scripting/: Lua raises errors with
// longjmp, which skips C++ destructors. So no C++ object with a destructor
// may be alive across a Lua API call that can raise; C++ work runs in
// `guarded` blocks and error messages go through stack buffers.
#pragma once

#include <lua.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <string>
#include <string_view>

#include "scripting/fault_script.h"

namespace firedrill::scripting {

class Sandbox {
 public:
  // `owner` is what owner_of(L) returns inside C functions. math.random
  // draws from the stream (seed, random_stream) of sim/base/random.h.
  Sandbox(const ScriptLimits& limits, std::uint64_t seed, void* owner,
          std::string_view random_stream = "lua:math.random");
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  lua_State* state() const { return L_; }
  static Sandbox& of(lua_State* L) { return **static_cast<Sandbox**>(lua_getextraspace(L)); }
  static void* owner_of(lua_State* L) { return of(L).owner_; }

  // Compiles `text` as the chunk `name` (errors then read "name:line: ...")
  // and keeps it in the registry; returns its reference. Text only, never
  // binary. Throws ScriptError on a syntax error.
  int compile(std::string_view text, const std::string& name);

  // Runs `body(L)` in protected mode with a fresh instruction budget.
  // `body` finds `data` as a light userdata at stack index 1. `context`
  // says what was running ("the callback registered by after(5) at
  // faults.lua:3") and is added to the error. On failure the sandbox is dead
  // and ScriptError is thrown; a dead sandbox runs nothing.
  void call(lua_CFunction body, void* data, std::string_view context);

  bool dead() const { return !failure_.empty(); }
  // VM instructions (to the hook's granularity) the last call() used.
  std::int64_t instructions_used() const { return instructions_; }
  const std::string& failure() const { return failure_; }
  std::size_t memory_in_use() const { return memory_.used; }

  // Where print() lines go.
  void set_print(std::function<void(std::string_view)> print) { print_ = std::move(print); }
  // Ends the script with `message` (a limit the host enforces) and throws it.
  [[noreturn]] void fail(std::string message);

 private:
  struct Memory {
    std::size_t used = 0;
    std::size_t cap = 0;
    Sandbox* sandbox = nullptr;
  };
  // Where the script is: "faults.lua:12", the innermost frame of a script
  // chunk (not the sandbox's own Lua), or "faults.lua" if none has a line.
  struct Location {
    char text[LUA_IDSIZE + 16] = "";
  };
  Location locate() const;
  enum class Fatal { kNone, kBudget, kMemory };

  static void* allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize);
  static void count_hook(lua_State* L, lua_Debug* ar);
  static int message_handler(lua_State* L);
  static int open(lua_State* L);
  static int sandbox_pcall(lua_State* L);
  static int sandbox_xpcall(lua_State* L);
  static int sandbox_load(lua_State* L);
  static int sandbox_collectgarbage(lua_State* L);
  static int raw_getmetatable(lua_State* L);
  static int emit_print(lua_State* L);
  static int after_protected_call(lua_State* L, int status, int first_result);
  void arm_budget();
  void mark_out_of_memory();
  std::string describe_failure(int status, std::string_view context);

  ScriptLimits limits_;
  std::uint64_t seed_;
  std::string random_stream_;
  void* owner_;
  Memory memory_;
  lua_State* L_ = nullptr;
  std::int64_t instructions_ = 0;
  Fatal fatal_ = Fatal::kNone;
  char fatal_message_[512] = "";  // what broke the limit, kept whatever the script does after
  Location refused_at_;           // where the last refused allocation happened
  std::string chunk_;             // the script's file name, for locations without a line
  std::string failure_;
  std::function<void(std::string_view)> print_;
};

// Copies `text` into `buffer` (truncating), for raising after C++ scope ends.
void copy_message(char (&buffer)[1024], std::string_view text);

// Runs C++ code from a C function Lua called: an exception becomes a Lua
// error at the script's line, raised after every C++ object of `fn` is gone.
template <class Fn>
void guarded(lua_State* L, Fn&& fn) {
  char message[1024];
  bool failed = false;
  try {
    fn();
  } catch (const InputError& e) {
    copy_message(message, e.first().message);
    failed = true;
  } catch (const std::exception& e) {
    copy_message(message, e.what());
    failed = true;
  }
  if (failed) luaL_error(L, "%s", message);
}

// Raises the message `make()` returns (which may build C++ strings) as a Lua
// error at the script's line, after those strings are gone.
template <class Make>
[[noreturn]] void raise(lua_State* L, Make&& make) {
  char message[1024];
  copy_message(message, make());
  luaL_error(L, "%s", message);
  __builtin_unreachable();
}

}  // namespace firedrill::scripting
