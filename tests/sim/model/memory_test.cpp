// Memory: a leak OOM-kills a replica at the time the arithmetic predicts, the
// replica comes back after `startup`, and the requests it held fail.
#include <catch2/catch.hpp>

#include "run_reading.h"
#include "scenario_builder.h"
#include "sim/base/units.h"
#include "sim/model/simulation.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("a fixed-rate leak OOM-kills at (limit - base) / rate and restarts after startup",
          "[memory]") {
  Scenario s = make_scenario(kHour);
  ServiceSpec& svc = add_service(s, "checkout", 1, 8, 64, 5 * kMillisecond);
  svc.memory = {300 * kMiB, 0, kGiB};
  svc.startup = 20 * kSecond;
  add_traffic(s, "checkout", 50);

  Simulation sim(s, 7);
  sim.run_until(kMinute);
  sim.set_memory_leak(0, 1.0 * kMiB);  // 1 MiB per second
  sim.run_until(30 * kMinute);

  // (1024 - 300) MiB at 1 MiB/s: 724 s after the leak starts at 60 s.
  const SimTime first_kill = kMinute + 724 * kSecond;
  const SimTime back_up = first_kill + 20 * kSecond;
  const SimTime second_kill = back_up + 724 * kSecond;
  auto kills = events_of(sim.journal(), "oom_killed");
  auto ready = events_of(sim.journal(), "replica_ready");
  REQUIRE(kills.size() == 2);
  CHECK(kills[0].time == first_kill);
  CHECK(kills[0].instance == "checkout-0");
  CHECK(kills[1].time == second_kill);
  REQUIRE(ready.size() >= 1);
  CHECK(ready[0].time == back_up);

  // What a trainee sees: memory climbing on the dashboard, the OOMKilled
  // log line, a restart count, replicas_up dipping to 0 while it starts.
  const MetricStore& m = sim.metrics();
  auto memory =
      m.series(*m.find("memory_bytes", {{"service", "checkout"}, {"instance", "checkout-0"}}));
  double before_kill = 0;
  for (const Sample& sample : memory.samples) {
    if (sample.time <= first_kill) before_kill = sample.value;
  }
  CHECK(before_kill > 1000.0 * kMiB);
  CHECK(last_value(m, "restarts_total", {{"service", "checkout"}}) == 2);
  CHECK(last_value(m, "oom_kills_total", {{"service", "checkout"}}) == 2);
  bool saw_down = false;
  for (const Sample& sample : m.series(*m.find("replicas_up", {{"service", "checkout"}})).samples) {
    if (sample.time > first_kill && sample.time < back_up) saw_down = saw_down || sample.value == 0;
  }
  CHECK(saw_down);
  bool logged = false;
  for (const LogLine& line : sim.journal().logs) {
    logged = logged || line.message.rfind("OOMKilled", 0) == 0;
  }
  CHECK(logged);
}

TEST_CASE("memory per request pushes a replica over its limit when its queue fills", "[memory]") {
  // 1 worker at 10 ms and 150 req/s: the queue grows without bound. Each
  // held request costs 1 MiB, the headroom is 100 MiB: the replica dies once
  // it holds 100 requests.
  Scenario s = make_scenario(5 * kMinute);
  ServiceSpec& svc = add_service(s, "api", 1, 1, 1000, 10 * kMillisecond);
  svc.memory = {100 * kMiB, kMiB, 200 * kMiB};
  svc.startup = 30 * kSecond;
  add_traffic(s, "api", 150);
  Simulation sim(s, 1);
  sim.run_until(5 * kMinute);
  auto kills = events_of(sim.journal(), "oom_killed");
  REQUIRE(!kills.empty());
  CHECK(kills[0].attributes[0].second == std::to_string(200 * kMiB));
  // Requests the replica held failed: the ingress saw connection resets, and
  // while it restarted, refusals.
  const MetricStore& m = sim.metrics();
  CHECK(last_value(m, "calls_total", {{"from", "ingress"}, {"to", "api"}, {"outcome", "reset"}}) >=
        100);
  CHECK(last_value(m, "calls_total", {{"from", "ingress"}, {"to", "api"}, {"outcome", "refused"}}) >
        0);
}

TEST_CASE("a per-request leak grows with traffic", "[memory]") {
  Scenario s = make_scenario(10 * kMinute);
  ServiceSpec& svc = add_service(s, "cart", 2, 8, 64, 2 * kMillisecond);
  svc.memory = {256 * kMiB, 0, 0};
  add_traffic(s, "cart", 100);
  Simulation sim(s, 3);
  sim.set_memory_leak(0, 0, 10 * kKiB);
  sim.run_until(10 * kMinute);
  // About 100 req/s x 600 s x 10 KiB spread over two replicas.
  const double leaked =
      sim.replica(0, 0).memory_bytes + sim.replica(0, 1).memory_bytes - 2.0 * 256 * kMiB;
  CHECK(leaked == Approx(100.0 * 600 * 10 * kKiB).epsilon(0.05));
}
