// What a script observes is the same in every run: key order in pairs and
// next, random numbers for a seed, tostring without addresses.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "script_fixture.h"

using namespace firedrill;
using firedrill::testing::ScriptRun;
using Lines = std::vector<std::string>;

TEST_CASE("pairs visits numbers, then strings bytewise, then booleans, then handles",
          "[determinism]") {
  ScriptRun run(
      "local t = { zeta = 1, alpha = 2, Beta = 3, [10] = 4, [2] = 5, [1.5] = 6,\n"
      "            [true] = 7, [false] = 8, [service('db')] = 9, [service('frontend')] = 10 }\n"
      "local keys = {}\n"
      "for k, v in pairs(t) do keys[#keys + 1] = tostring(k) .. '=' .. v end\n"
      "print(table.concat(keys, ' '))\n");
  REQUIRE(run.run());
  CHECK(run.output() == Lines{"1.5=6 2=5 10=4 Beta=3 alpha=2 zeta=1 false=8 true=7 "
                              "service frontend=10 service db=9"});
}

TEST_CASE("next agrees with pairs and tolerates clearing fields while iterating", "[determinism]") {
  ScriptRun run(
      "local t = { c = 3, a = 1, b = 2, d = 4 }\n"
      "print(next(t))\n"
      "print(next(t, 'b'))\n"
      "print(next({}))\n"
      "for k in pairs(t) do t[k] = nil end\n"
      "print(next(t))\n"
      "local u = { x = 1, y = 2, z = 3 }\n"
      "for k in pairs(u) do if k == 'x' then u.y = nil end print(k) end\n");
  REQUIRE(run.run());
  CHECK(run.output() == Lines{"a\t1", "c\t3", "nil", "nil", "x", "z"});
}

TEST_CASE("pairs refuses tables keyed by tables or functions", "[determinism]") {
  ScriptRun run("local t = { [{}] = 1 }\nfor k in pairs(t) do end\n");
  REQUIRE_FALSE(run.run());
  CHECK(run.error_line() ==
        "faults.lua:2: pairs/next over a table with a table key: that order is not "
        "reproducible between runs, so the sandbox refuses it (key the table by name or number)");
}

TEST_CASE("__pairs metamethods are honoured", "[determinism]") {
  ScriptRun run(
      "local t = setmetatable({}, { __pairs = function(self)\n"
      "  return function(_, k) if not k then return 1, 'one' end end, self, nil\n"
      "end })\n"
      "for k, v in pairs(t) do print(k, v) end\n");
  REQUIRE(run.run());
  CHECK(run.output() == Lines{"1\tone"});
}

TEST_CASE("random and math.random follow the run's seed", "[determinism]") {
  const std::string lua =
      "print(random(1, 1000000), math.random(1, 1000000), random())\n"
      "at('1m', function() print(random(6)) end)\n";
  auto draws = [&](std::uint64_t seed) {
    Scenario s = firedrill::testing::shop_scenario();
    s.seed = seed;
    ScriptRun run(lua, s);
    REQUIRE(run.run(2 * kMinute));
    return run.output();
  };
  CHECK(draws(1) == draws(1));
  CHECK(draws(1) != draws(2));
  // An explicit seed is the script's own choice and reproducible too.
  ScriptRun a("math.randomseed(42)\nprint(math.random(1, 1000000))");
  ScriptRun b("math.randomseed(42)\nprint(math.random(1, 1000000))");
  REQUIRE(a.run());
  REQUIRE(b.run());
  CHECK(a.output() == b.output());
}

TEST_CASE("a scripted run is a function of scenario, seed and script", "[determinism]") {
  const std::string lua =
      "local names = {}\n"
      "for _, s in ipairs(services()) do names[s.name] = s end\n"
      "for name, s in pairs(names) do\n"
      "  at(random(60, 600), function() s:latency{ add = random(5, 50) .. 'ms' } end)\n"
      "end\n"
      "every('2m', function() service('db'):crash{ replicas = 1 } end)\n";
  auto fingerprint = [&] {
    ScriptRun run(lua);
    REQUIRE(run.run(20 * kMinute));
    std::string out;
    for (const RunEvent& e : run.sim().journal().events) {
      out += std::to_string(e.time) + e.kind + e.service + e.instance + "\n";
    }
    for (const ServiceSummary& s : run.sim().summary()) {
      out += s.service + std::to_string(s.requests) + "/" + std::to_string(s.errors) + "\n";
    }
    return out;
  };
  const std::string first = fingerprint();
  CHECK(first == fingerprint());
  CHECK(first.find("restart") != std::string::npos);
}
