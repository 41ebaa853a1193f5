// Scheduling from a script: at, after, every, on, now, cancel; the order of
// callbacks at one instant; errors naming file:line.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "script_fixture.h"

using namespace firedrill;
using firedrill::testing::ScriptRun;
using Lines = std::vector<std::string>;

TEST_CASE("at, after and every run at their simulated times", "[scheduling]") {
  ScriptRun run(
      "at('2m', function() print('at', now()) end)\n"
      "at(30, function() print('at number', now()) end)\n"
      "after('1m30s', function() print('after', now()) end)\n"
      "every('1m', function() print('every', now()) end)\n");
  REQUIRE(run.run(3 * kMinute));
  CHECK(run.output() == Lines{"at number\t30.0", "every\t60.0", "after\t90.0", "at\t120.0",
                              "every\t120.0", "every\t180.0"});
}

TEST_CASE("callbacks at one instant run in the order they were scheduled", "[scheduling]") {
  ScriptRun run(
      "for _, name in ipairs({'c', 'a', 'b'}) do\n"
      "  at('1m', function() print(name) end)\n"
      "end\n"
      "at('1m', function() after(0, function() print('later') end) print('d') end)\n");
  REQUIRE(run.run(2 * kMinute));
  CHECK(run.output() == Lines{"c", "a", "b", "d", "later"});
}

TEST_CASE("timers can be cancelled, also from inside themselves", "[scheduling]") {
  ScriptRun run(
      "local t = at('1m', function() print('never') end)\n"
      "t:cancel()\n"
      "local count = 0\n"
      "local ticker\n"
      "ticker = every('10s', function()\n"
      "  count = count + 1\n"
      "  print('tick', count)\n"
      "  if count == 3 then ticker:cancel() end\n"
      "end)\n");
  REQUIRE(run.run(5 * kMinute));
  CHECK(run.output() == Lines{"tick\t1", "tick\t2", "tick\t3"});
}

TEST_CASE("on runs handlers right after the event, with its details", "[scheduling]") {
  ScriptRun run(
      "local checkout = service('checkout')\n"
      "on('deploy', checkout, function(ev)\n"
      "  print(ev.kind, ev.service, ev.version, ev.time, now())\n"
      "end)\n"
      "on('deploy', function(ev) print('any', ev.service) end)\n"
      "on('inject', function(ev) print('inject', ev.message, ev.service) end)\n"
      "at('5m', function()\n"
      "  deploy('db', 'v9')\n"
      "  deploy(checkout, 'v2.14.0', 'new basket code')\n"
      "  inject('support reports failed checkouts')\n"
      "  print('deployed')\n"
      "end)\n");
  REQUIRE(run.run(10 * kMinute));
  CHECK(run.output() == Lines{"deployed", "any\tdb", "deploy\tcheckout\tv2.14.0\t300.0\t300.0",
                              "any\tcheckout", "inject\tsupport reports failed checkouts\tnil"});
}

TEST_CASE("rollback fires on('rollback') with the versions", "[scheduling]") {
  ScriptRun run(
      "local checkout = service('checkout')\n"
      "on('rollback', checkout, function(ev)\n"
      "  print(ev.from, '->', ev.to, checkout:version())\n"
      "  checkout:clear_faults()\n"
      "end)\n"
      "at('1m', function()\n"
      "  deploy(checkout, 'v1')\n"
      "  deploy(checkout, 'v2')\n"
      "  checkout:errors{rate = 0.5}\n"
      "end)\n"
      "at('2m', function() rollback(checkout, 'trainee rolled back') end)\n");
  REQUIRE(run.run(3 * kMinute));
  CHECK(run.output() == Lines{"v2\t->\tv1\tv1"});
  const RunJournal& journal = run.sim().journal();
  REQUIRE(journal.changes.size() == 3);
  CHECK(journal.changes[2].kind == "rollback");
  CHECK(journal.changes[2].version == "v1");
}

TEST_CASE("scheduling errors name the script line", "[scheduling]") {
  auto error_of = [](const std::string& lua) {
    ScriptRun run(lua);
    REQUIRE_FALSE(run.run(10 * kMinute));
    return run.error_line();
  };
  CHECK(error_of("\nat('5x', function() end)") ==
        "faults.lua:2: at: the time: invalid duration '5x': unknown unit 'x' (expected something "
        "like 250ms, 30s, 5m, 1h30m)");
  CHECK(error_of("after('1m', 'not a function')") ==
        "faults.lua:1: bad argument #2 to 'after' (function expected, got string)");
  CHECK(error_of("every(0, function() end)") ==
        "faults.lua:1: every: the interval must be at least 1ms, got 0s");
  CHECK(error_of("at('5m', function() at('1m', function() end) end)") ==
        "faults.lua:1: at: 00:01:00.000 is in the past (it is 00:05:00.000 now); use after() "
        "for a delay");
  CHECK(error_of("on('oom_kiled', function() end)") ==
        "faults.lua:1: on: unknown event 'oom_kiled' (did you mean 'oom_killed'?) (events: "
        "oom_killed, restart, replica_ready, replica_down, fault, fault_cleared, spike_ended, "
        "deploy, rollback, inject, alert_pending, alert_firing, alert_resolved, alert_cleared, "
        "rule_failed, notification, alert_muted, incident_triggered, page, escalated, "
        "incident_acknowledged, incident_retriggered, incident_resolved, action, "
        "action_refused, mitigation, mitigation_done, incident_fixed)");
  CHECK(error_of("after(-1, function() end)") ==
        "faults.lua:1: after: the delay must be a duration like \"300ms\" or \"5m\", or a number "
        "of seconds, got -1.0");
}

TEST_CASE("a syntax error is reported at its line before anything runs", "[scheduling]") {
  ScriptRun run("local x = 1\nat('1m', function()\n  print(x\nend)\n");
  CHECK_FALSE(run.run(kMinute));
  CHECK(run.error_line() == "faults.lua:4: ')' expected (to close '(' at line 3) near 'end'");
}
