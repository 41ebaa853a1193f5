// The sandbox: what a scenario script must not be able to do, and how each
// attempt is refused with a clear error and no effect.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "script_fixture.h"

using namespace firedrill;
using firedrill::testing::ScriptRun;

namespace {

// Runs `lua` for a minute of simulated time and returns the error's first line.
std::string error_of(const std::string& lua, ScriptLimits limits = {}) {
  ScriptRun run(lua, firedrill::testing::shop_scenario(), limits);
  REQUIRE_FALSE(run.run(kMinute));
  return run.error_line();
}

std::string marker_path(const char* name) {
  return (std::filesystem::temp_directory_path() / name).string();
}

}  // namespace

TEST_CASE("io.open is refused and opens nothing", "[sandbox]") {
  const std::string path = marker_path("firedrill-sandbox-io-marker");
  std::filesystem::remove(path);
  const std::string error = error_of("local f = io.open('" + path + "', 'w')\nf:write('x')");
  CHECK(error.rfind("faults.lua:1: io.open is not available", 0) == 0);
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("os.execute is refused and runs nothing", "[sandbox]") {
  const std::string path = marker_path("firedrill-sandbox-os-marker");
  std::filesystem::remove(path);
  const std::string error = error_of("\nos.execute('touch " + path + "')");
  CHECK(error.rfind("faults.lua:2: os.execute is not available", 0) == 0);
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("require, dofile, loadfile, debug and coroutine are refused", "[sandbox]") {
  CHECK(error_of("require('os')").rfind("faults.lua:1: require is not available", 0) == 0);
  CHECK(error_of("dofile('/etc/passwd')").rfind("faults.lua:1: dofile is not available", 0) == 0);
  CHECK(error_of("loadfile('/etc/passwd')").rfind("faults.lua:1: loadfile is not", 0) == 0);
  CHECK(error_of("debug.sethook()").rfind("faults.lua:1: debug.sethook is not available", 0) == 0);
  CHECK(error_of("coroutine.wrap(print)").rfind("faults.lua:1: coroutine.wrap is not", 0) == 0);
  CHECK(error_of("package.loadlib('x', 'y')").rfind("faults.lua:1: package.loadlib", 0) == 0);
}

TEST_CASE("load refuses binary chunks and takes text", "[sandbox]") {
  // A binary chunk's header: ESC "Lua" and the version byte.
  CHECK(error_of("local f, err = load('\\27LuaT\\0\\25\\147')\nerror(err, 0)")
            .find("binary chunks are not allowed") != std::string::npos);
  CHECK(error_of("load('return 1', 'x', 'b')").find("binary chunks are not allowed") !=
        std::string::npos);
  ScriptRun text("assert(load('return 6 * 7')() == 42)\nprint(load('return 1 +', 'x') == nil)");
  CHECK(text.run());
  CHECK(text.output() == std::vector<std::string>{"true"});
}

TEST_CASE("string.dump is refused, also as a string method", "[sandbox]") {
  CHECK(error_of("string.dump(function() end)").rfind("faults.lua:1: string.dump is not", 0) == 0);
  CHECK(error_of("local s = ''\ns.dump(print)").rfind("faults.lua:2: string.dump is not", 0) == 0);
}

TEST_CASE("an infinite loop ends the run naming its line and the call that registered it",
          "[sandbox]") {
  ScriptLimits limits;
  limits.instructions_per_callback = 1'000'000;
  const std::string lua =
      "at('1m', function()\n"
      "  local n = 0\n"
      "  while true do n = n + 1 end\n"
      "end)\n";
  ScriptRun run(lua, firedrill::testing::shop_scenario(), limits);
  REQUIRE_FALSE(run.run(kHour));
  CHECK(run.error_line() ==
        "faults.lua:3: instruction budget exceeded: more than 1000000 VM instructions in one "
        "callback (a runaway loop?)");
  CHECK(run.error().find("in the callback registered by at(\"1m\") at faults.lua:1") !=
        std::string::npos);
  // The simulation stopped at the callback: nothing after one minute ran.
  CHECK(run.sim().now() == kMinute);
}

TEST_CASE("an infinite loop cannot hide inside pcall", "[sandbox]") {
  ScriptLimits limits;
  limits.instructions_per_callback = 1'000'000;
  const std::string error = error_of(
      "while true do\n"
      "  pcall(function() while true do end end)\n"
      "end\n",
      limits);
  CHECK(error.find("instruction budget exceeded") != std::string::npos);
}

TEST_CASE("a table bomb stops at the memory cap", "[sandbox]") {
  ScriptLimits limits;
  limits.memory_bytes = 8u << 20;
  limits.instructions_per_callback = 1'000'000'000;
  ScriptRun run(
      "local t = {}\n"
      "while true do t[#t + 1] = {1, 2, 3} end\n",
      firedrill::testing::shop_scenario(), limits);
  REQUIRE_FALSE(run.run(kMinute));
  CHECK(run.error_line().rfind("faults.lua:2: memory cap exceeded", 0) == 0);
  CHECK(run.error_line().find("8 MiB") != std::string::npos);
  CHECK(run.script()->memory_in_use() <= limits.memory_bytes);
}

TEST_CASE("a string bomb inside pcall still stops at the memory cap", "[sandbox]") {
  ScriptLimits limits;
  limits.memory_bytes = 8u << 20;
  const std::string error = error_of(
      "local ok = pcall(function()\n"
      "  local s = 'x'\n"
      "  while true do s = s .. s end\n"
      "end)\n"
      "print('survived', ok)\n",
      limits);
  CHECK(error.find("memory cap exceeded") != std::string::npos);
  CHECK(error_of("local s = string.rep('x', 1 << 30)", limits).find("memory cap exceeded") !=
        std::string::npos);
}

TEST_CASE("deep recursion is a stack overflow at the script's line", "[sandbox]") {
  const std::string error = error_of(
      "local function dive(n)\n"
      "  return 1 + dive(n + 1)\n"
      "end\n"
      "after('1s', function() dive(1) end)\n");
  CHECK(error.rfind("faults.lua:2: stack overflow", 0) == 0);
}

TEST_CASE("a non-string error object is described, not converted", "[sandbox]") {
  CHECK(error_of("error(setmetatable({}, {__tostring = function() while true do end end}))") ==
        "faults.lua:1: (error object is a table value)");
  CHECK(error_of("error()") == "faults.lua:1: (error object is a nil value)");
  CHECK(error_of("error(42)") == "42");
}

TEST_CASE("a callback that schedules itself forever at one instant is stopped", "[sandbox]") {
  ScriptLimits limits;
  limits.callbacks_per_instant = 10'000;
  ScriptRun run(
      "local function again()\n"
      "  after(0, again)\n"
      "end\n"
      "at('10s', again)\n",
      firedrill::testing::shop_scenario(), limits);
  REQUIRE_FALSE(run.run(kMinute));
  CHECK(run.error_line() ==
        "10000 callbacks ran at 00:00:10.000 without simulated time moving on: a callback that "
        "schedules itself with no delay? (the last was registered by after(0) at faults.lua:2)");
}

TEST_CASE("a callback that schedules itself a million times hits the pending limit", "[sandbox]") {
  const std::string error = error_of(
      "local function noop() end\n"
      "every('1m', function()\n"
      "  for i = 1, 1000000 do after('1s', noop) end\n"
      "end)\n");
  CHECK(error.rfind("faults.lua:3: too many pending callbacks: 100000 registered and not yet run",
                    0) == 0);
}

TEST_CASE("the rest of the sandbox refuses what would differ between runs", "[sandbox]") {
  CHECK(error_of("collectgarbage('collect')").find("only \"count\" is available") !=
        std::string::npos);
  CHECK(error_of("math.randomseed()").find("math.randomseed needs a seed") != std::string::npos);
  CHECK(error_of("string.format('%p', {})").find("'%p' is not available") != std::string::npos);
  CHECK(error_of("setmetatable({}, {__gc = function() end})").find("__gc metamethods") !=
        std::string::npos);
  ScriptRun allowed(
      "print(type(collectgarbage('count')))\n"
      "print(string.format('%s %d%%', {}, 5))\n"
      "print(tostring(print), tostring({}))\n");
  REQUIRE(allowed.run());
  CHECK(allowed.output() ==
        std::vector<std::string>{"number", "table: #1 5%", "function: #2\ttable: #3"});
}

TEST_CASE("after a failure the script is dead and nothing else of it runs", "[sandbox]") {
  ScriptRun run(
      "at('1m', function() error('boom') end)\n"
      "every('10s', function() print(now()) end)\n");
  REQUIRE_FALSE(run.run(kMinute));
  CHECK(run.error_line() == "faults.lua:1: boom");
  CHECK(run.error().find("stack traceback:") != std::string::npos);
  const std::size_t printed = run.printed().size();
  CHECK(printed == 5);  // 10s .. 50s; the 60s tick is scheduled after the failing callback
  run.sim().run_until(2 * kMinute);        // the model may go on...
  CHECK(run.printed().size() == printed);  // ...the script does not
  CHECK(run.script()->failure().rfind("faults.lua:1: boom", 0) == 0);
}
