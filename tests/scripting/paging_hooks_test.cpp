// Fault scripts see the paging chain: on("page", ...) and on("escalated",
// ...) run at the event's time with its attributes, so an author can script
// a consequence of a page (a facilitator inject when the secondary is woken).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "script_fixture.h"
#include "sim/scenario/loader.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

Scenario paging_scenario() {
  return load_scenario_text(R"(firedrill: 1
name: paging
title: Paging
duration: 1h
alerts:
  groups:
    - name: availability
      rules:
        - alert: ServiceDown
          expr: sum by (service) (replicas_up) == 0
          labels: {severity: page}
routing:
  route: {receiver: data, group_by: [service], group_wait: 30s}
  receivers: [{name: data}]
teams:
  data:
    members: [alice, carol]
    schedules:
      primary: {users: [alice]}
    escalation:
      levels:
        - {notify: [primary], escalate_after: 5m}
        - {notify: [carol], escalate_after: 5m}
services:
  db: {replicas: 1}
traffic:
  - {entry: db, rate: 5/s}
)",
                            "paging.yaml");
}

}  // namespace

TEST_CASE("on page and on escalated run with the event's attributes", "[scripting][paging]") {
  ScriptRun run(R"(
on("page", function(ev)
  print(table.concat({"page", ev.person, ev.level, ev.via, ev.reason}, " "))
end)
on("escalated", function(ev)
  print(table.concat({"escalated", ev.incident, ev.from_level, ev.to_level, ev.unanswered}, " "))
  inject("carol's phone is ringing")
end)
at("10m", function() service("db"):outage{fraction = 1} end)
)",
                paging_scenario());
  REQUIRE(run.run(20 * kMinute));
  // No `for`: firing at the 10m evaluation; group_wait 30s; escalation 5m later.
  CHECK(run.printed() ==
        std::vector<std::string>{
            "[faults.lua 00:10:30.000] page alice 1 schedule primary incident triggered",
            "[faults.lua 00:15:30.000] escalated 1 1 2 alice",
            "[faults.lua 00:15:30.000] page carol 2 direct escalated: alice did not acknowledge "
            "within 5m",
        });
  bool injected = false;
  for (const RunEvent& e : run.sim().journal().events) {
    injected = injected || (e.kind == "inject" && e.time == 15 * kMinute + 30 * kSecond);
  }
  CHECK(injected);
}
