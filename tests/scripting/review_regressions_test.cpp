// Ways a script could hang, bloat or unsettle the engine that a review
// found, each closed and pinned here.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "script_fixture.h"

using namespace firedrill;
using firedrill::testing::ScriptRun;
using Lines = std::vector<std::string>;

namespace {

std::string error_of(const std::string& lua, ScriptLimits limits = {}) {
  ScriptRun run(lua, firedrill::testing::shop_scenario(), limits);
  REQUIRE_FALSE(run.run(10 * kMinute));
  return run.error_line();
}

}  // namespace

TEST_CASE("table.sort is a stable sort, the same in every run", "[sandbox][determinism]") {
  ScriptRun run(
      "local t = {}\n"
      "for i = 1, 40 do t[i] = { key = i % 4, id = i } end\n"
      "table.sort(t, function(a, b) return a.key < b.key end)\n"
      "local ids = {}\n"
      "for i = 1, 12 do ids[i] = t[i].id end\n"
      "print(table.concat(ids, ' '))\n"
      "local words = { 'pear', 'apple', 'fig' }\n"
      "table.sort(words)\n"
      "print(table.concat(words, ' '))\n");
  REQUIRE(run.run());
  CHECK(run.output() == Lines{"4 8 12 16 20 24 28 32 36 40 1 5", "apple fig pear"});
}

TEST_CASE("clearing the current key while a nested loop walks the table is fine",
          "[sandbox][determinism]") {
  ScriptRun run(
      "local t = { a = 1, b = 2, c = 3 }\n"
      "local seen = {}\n"
      "for k in pairs(t) do\n"
      "  t[k] = nil\n"
      "  for _ in pairs(t) do end\n"
      "  if next(t) == nil then seen[#seen + 1] = 'empty' end\n"
      "  seen[#seen + 1] = k\n"
      "end\n"
      "print(table.concat(seen, ' '))\n"
      "local u = { x = 1, y = 2, z = 3 }\n"
      "local k = next(u)\n"
      "u[k] = nil\n"
      "print(next(u, k))\n");
  REQUIRE(run.run());
  CHECK(run.output() == Lines{"a b empty c", "y\t2"});
}

TEST_CASE("handles of the same traffic are one value", "[sandbox][determinism]") {
  ScriptRun run(
      "print(traffic() == traffic(), traffic('frontend') == traffic('frontend'))\n"
      "local t = { [traffic('frontend')] = 1, [traffic()] = 2, [service('db')] = 3 }\n"
      "for k, v in pairs(t) do print(tostring(k), v) end\n");
  REQUIRE(run.run());
  CHECK(run.output() == Lines{"true\ttrue", "service db\t3", "traffic (all entry points)\t2",
                              "traffic into frontend\t1"});
}

TEST_CASE("of several unknown options the message names the smallest", "[sandbox]") {
  CHECK(error_of("service('db'):errors{ yy = 4, rte = 2, xx = 3, rat = 1 }") ==
        "faults.lua:1: errors: unknown option 'rat' (did you mean 'rate'?) (options: rate)");
}

TEST_CASE("tracebacks do not name functions through the global tables", "[sandbox]") {
  // random is both _G.random and math.random: naming it by searching the
  // loaded modules would depend on string hashing.
  ScriptRun run("local function roll() return random(5, 1) end\nat('1m', function() roll() end)");
  REQUIRE_FALSE(run.run(2 * kMinute));
  CHECK(run.error_line() == "faults.lua:1: bad argument #1 to 'random' (interval is empty)");
  CHECK(run.error().find("math.random") == std::string::npos);
}

TEST_CASE("table.move, insert and remove over huge ranges hit the budget", "[sandbox]") {
  ScriptLimits limits;
  limits.instructions_per_callback = 1'000'000;
  CHECK(error_of("table.move({}, 1, 1e11, 2)", limits).find("instruction budget exceeded") !=
        std::string::npos);
  CHECK(error_of("local t = setmetatable({}, { __len = function() return 1e12 end })\n"
                 "table.insert(t, 1, 'x')",
                 limits)
            .find("instruction budget exceeded") != std::string::npos);
  ScriptRun ok(
      "local t = { 'a', 'b', 'c' }\n"
      "table.insert(t, 'd')\n"
      "table.insert(t, 1, 'z')\n"
      "print(table.remove(t, 2), table.remove(t), table.concat(t, ','))\n"
      "print(table.concat(table.move({ 1, 2, 3 }, 1, 3, 2), ','))\n");
  REQUIRE(ok.run());
  CHECK(ok.output() == Lines{"a\td\tz,b,c", "1,1,2,3"});
}

TEST_CASE("a memory error names the line that allocated", "[sandbox]") {
  ScriptLimits limits;
  limits.memory_bytes = 8u << 20;
  CHECK(error_of("local x = 1\nlocal s = string.rep('x', 1 << 30)\n", limits)
            .rfind("faults.lua:2: memory cap exceeded", 0) == 0);
}

TEST_CASE("an xpcall handler cannot rewrite a broken limit", "[sandbox]") {
  ScriptLimits limits;
  limits.instructions_per_callback = 1'000'000;
  CHECK(error_of("xpcall(function() while true do end end, function() return 'all fine' end)\n",
                 limits)
            .rfind("faults.lua:1: instruction budget exceeded", 0) == 0);
}

TEST_CASE("a handler that causes the events it handles is stopped", "[sandbox]") {
  ScriptLimits limits;
  limits.pending_callbacks = 10'000;
  const std::string error = error_of(
      "local db = service('db')\n"
      "on('fault', db, function()\n"
      "  for i = 1, 20 do db:errors{ rate = 0.01 } end\n"
      "end)\n"
      "at('1m', function() db:errors{ rate = 0.01 } end)\n",
      limits);
  CHECK(error.find("too many pending callbacks") != std::string::npos);
}

TEST_CASE("heavy callbacks at one instant are stopped by the instant's budget", "[sandbox]") {
  ScriptLimits limits;
  limits.instructions_per_instant = 5'000'000;
  const std::string error = error_of(
      "local function busy()\n"
      "  for i = 1, 200000 do end\n"
      "  after(0, busy)\n"
      "end\n"
      "at('1m', busy)\n",
      limits);
  CHECK(error.rfind("the script's callbacks ran more than 5000000 VM instructions at "
                    "00:01:00.000 without simulated time moving on",
                    0) == 0);
}

TEST_CASE("text a script writes into the run is bounded", "[sandbox]") {
  CHECK(error_of("log('db', 'info', string.rep('x', 5000))") ==
        "faults.lua:1: log: the message is 5000 bytes long; at most 4096");
  CHECK(error_of("deploy('db', string.rep('v', 200))") ==
        "faults.lua:1: deploy: the version is 200 bytes long; at most 128");
  CHECK(error_of("local s = string.rep('x', 4096)\n"
                 "every('1s', function() for i = 1, 100 do log('db', 'info', s) end end)\n")
            .find("more than 64 MiB of log lines") != std::string::npos);
  CHECK(error_of("service('db'):leak_memory{ rate = 1e300 }") ==
        "faults.lua:1: leak_memory: at most 1e15 bytes per second and 1TiB per request");
}

TEST_CASE("a backtracking pattern over a long string is refused before it starts",
          "[sandbox]") {
  CHECK(error_of("string.find(('a'):rep(20000), '.-.-.-b')") ==
        "faults.lua:1: string.find: this pattern over a 20000-byte string could backtrack for "
        "about 2e+17 steps; the sandbox refuses it (use a shorter string or fewer repetitions, "
        "or plain find)");
  CHECK(error_of("local s = ('a'):rep(100000)\nprint(s:match('(a-)b'))")
            .rfind("faults.lua:2: string.match: this pattern", 0) == 0);
  ScriptRun ok(
      "print((('a  b   c'):gsub('%s+', ' ')))\n"
      "print(('GC pressure: 91%'):match('(%d+)%%'))\n"
      "print(('x'):rep(100000):find('xy', 1, true))\n");
  REQUIRE(ok.run());
  CHECK(ok.output() == Lines{"a b c", "91", "nil"});
}
