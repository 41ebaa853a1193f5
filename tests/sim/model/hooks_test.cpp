// Hooks (callbacks at times, event listeners) may do anything a script
// would: schedule more callbacks, add listeners, change the model from
// inside a listener. The model must stay consistent.
#include <catch2/catch.hpp>

#include "run_reading.h"
#include "scenario_builder.h"
#include "sim/base/units.h"
#include "sim/model/simulation.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("a callback can reschedule itself every period", "[hooks]") {
  Scenario s = make_scenario(10 * kMinute);
  add_service(s, "api", 1, 4, 4, kMillisecond);
  Simulation sim(s, 1);
  std::vector<SimTime> ticks;
  std::function<void()> tick = [&] {
    ticks.push_back(sim.now());
    // Enough captured state that std::function stores it on the heap.
    std::string padding(64, 'x');
    if (sim.now() < 5 * kMinute) sim.at(sim.now() + kMinute, [&, padding] { tick(); });
  };
  sim.at(0, tick);
  sim.run_until(10 * kMinute);
  CHECK(ticks ==
        std::vector<SimTime>{0, kMinute, 2 * kMinute, 3 * kMinute, 4 * kMinute, 5 * kMinute});
}

TEST_CASE("a callback cannot be scheduled in the past", "[hooks]") {
  Scenario s = make_scenario(kMinute);
  add_service(s, "api", 1, 4, 4, kMillisecond);
  Simulation sim(s, 1);
  sim.run_until(30 * kSecond);
  CHECK_THROWS_WITH(sim.at(10 * kSecond, [] {}), Catch::Contains("before the current time"));
}

TEST_CASE("a listener may append events and add listeners", "[hooks]") {
  Scenario s = make_scenario(kMinute);
  add_service(s, "api", 1, 4, 4, kMillisecond);
  Simulation sim(s, 1);
  int late_listener_calls = 0;
  sim.add_event_listener([&](const RunEvent& e) {
    if (e.kind == "deploy" && e.attributes[0].second == "v1") {
      sim.add_event_listener([&](const RunEvent&) { ++late_listener_calls; });
      sim.deploy(0, "v2", "follow-up");  // appends to the journal while e is in use
      CHECK(e.service == "api");         // still readable
    }
  });
  sim.at(10 * kSecond, [&] { sim.deploy(0, "v1", "first"); });
  sim.run_until(kMinute);
  REQUIRE(sim.journal().changes.size() == 2);
  CHECK(sim.journal().changes[1].version == "v2");
  CHECK(late_listener_calls == 1);  // heard v2, not v1
}

TEST_CASE("a listener that reacts to an OOM kill sees the replica already down", "[hooks]") {
  Scenario s = make_scenario(30 * kMinute);
  ServiceSpec& svc = add_service(s, "cache", 1, 8, 8, kMillisecond);
  svc.memory = {100 * kMiB, 0, 200 * kMiB};
  svc.startup = 10 * kSecond;
  add_traffic(s, "cache", 20);
  Simulation sim(s, 1);
  int kills_heard = 0;
  sim.add_event_listener([&](const RunEvent& e) {
    if (e.kind != "oom_killed") return;
    ++kills_heard;
    CHECK_FALSE(sim.replica(0, 0).up);
    // Changing the leak from here must not kill the replica a second time.
    sim.set_memory_leak(0, 2.0 * kMiB);
  });
  sim.set_memory_leak(0, 1.0 * kMiB);
  sim.run_until(30 * kMinute);
  const MetricStore& m = sim.metrics();
  CHECK(kills_heard > 1);
  CHECK(last_value(m, "oom_kills_total", {{"service", "cache"}}) == kills_heard);
  for (const Sample& up : m.series(*m.find("replicas_up", {{"service", "cache"}})).samples) {
    REQUIRE(up.value >= 0);
    REQUIRE(up.value <= 1);
  }
}
