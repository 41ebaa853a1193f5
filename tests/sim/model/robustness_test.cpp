// Extreme but valid scenarios: the model stays correct, terminates, and does
// not blow the stack or the clock.
#include <catch2/catch.hpp>

#include "run_reading.h"
#include "scenario_builder.h"
#include "sim/base/units.h"
#include "sim/model/simulation.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("more than 65,535 call groups or parallel copies per request work", "[robustness]") {
  Scenario s = make_scenario(10 * kSecond, kSecond);
  add_service(s, "api", 1, 4, 4, 0).latency.distribution = LatencySpec::Distribution::kConstant;
  ServiceSpec& db = add_service(s, "db", 1, 100000, 100000, kMillisecond);
  db.latency.distribution = LatencySpec::Distribution::kConstant;
  for (int i = 0; i < 70; ++i) {
    CallSpec& c = add_call(s, "api", "db");
    c.count = 1000;
    c.p = 0.0;  // 70,000 sequential groups, none of which calls
  }
  for (int i = 0; i < 70; ++i) {
    CallSpec& c = add_call(s, "api", "db");
    c.count = 1000;
    c.parallel = true;  // one group of 70,000 parallel calls
  }
  add_traffic(s, "api", 0.5);
  Simulation sim(s, 1);
  sim.run_until(10 * kSecond);
  const MetricStore& m = sim.metrics();
  const double answered = last_value(m, "requests_total", {{"service", "api"}, {"code", "200"}});
  REQUIRE(answered >= 1);
  CHECK(last_value(m, "calls_total", {{"from", "api"}, {"to", "db"}, {"outcome", "ok"}}) ==
        70000 * answered);
  // Each request waited for all 70,000 calls, which ran in parallel on
  // 100,000 workers: about 1 ms.
  CHECK(last_value(m, "request_duration_seconds_sum", {{"service", "api"}}) / answered ==
        Approx(0.001).margin(0.0005));
}

TEST_CASE("a chain of 100,000 nested requests answers without exhausting the stack",
          "[robustness]") {
  // An optional self-call with room for everyone: one request recurses until
  // the workers run out (queue 0 rejects the last call), then 100,000 answers
  // unwind at the same microsecond.
  // Zero service time: the whole chain builds and unwinds in one microsecond.
  Scenario s = make_scenario(10 * kSecond, kSecond);
  ServiceSpec& a = add_service(s, "a", 1, 100000, 0, 0);
  a.latency.distribution = LatencySpec::Distribution::kConstant;
  add_call(s, "a", "a").optional = true;
  add_traffic(s, "a", 0.5);
  Simulation sim(s, 3);
  sim.run_until(10 * kSecond);
  const MetricStore& m = sim.metrics();
  const double chains = last_value(m, "requests_total", {{"service", "a"}, {"code", "503"}});
  REQUIRE(chains >= 1);  // each chain ends with one rejected call
  CHECK(last_value(m, "requests_total", {{"service", "a"}, {"code", "200"}}) == 100000 * chains);
  CHECK(last_value(m, "degraded_responses_total", {{"service", "a"}}) == chains);
}

TEST_CASE("a response at the very deadline times out, whatever the load", "[robustness]") {
  auto timeout_share = [](double rate) {
    Scenario s = make_scenario(2 * kMinute);
    add_service(s, "api", 1, 10000, 10, 0).latency.distribution =
        LatencySpec::Distribution::kConstant;
    ServiceSpec& b = add_service(s, "backend", 1, 10000, 10, 100 * kMillisecond);
    b.latency.distribution = LatencySpec::Distribution::kConstant;
    add_call(s, "api", "backend").timeout = 100 * kMillisecond;
    add_traffic(s, "api", rate);
    Simulation sim(s, 1);
    sim.run_until(2 * kMinute);
    const MetricStore& m = sim.metrics();
    return last_value(m, "calls_total",
                      {{"from", "api"}, {"to", "backend"}, {"outcome", "timeout"}}) /
           sum_last(m, "calls_total", {{"from", "api"}, {"to", "backend"}});
  };
  CHECK(timeout_share(1) == 1.0);
  CHECK(timeout_share(500) == 1.0);
}

TEST_CASE("repeating a call with count costs no more events than writing it out", "[robustness]") {
  // Sequential copies of a call along one edge, each timing out now and then:
  // the edge keeps a single timer.
  auto events = [](bool as_count) {
    Scenario s = make_scenario(5 * kMinute);
    add_service(s, "api", 1, 1000, 100, 0).latency.distribution =
        LatencySpec::Distribution::kConstant;
    add_service(s, "backend", 1, 1000, 100, 20 * kMillisecond);
    for (int i = 0; i < (as_count ? 1 : 2); ++i) {
      CallSpec& c = add_call(s, "api", "backend");
      c.timeout = 30 * kMillisecond;
      c.optional = true;
      if (as_count) c.count = 2;
    }
    add_traffic(s, "api", 100);
    Simulation sim(s, 1);
    sim.run_until(5 * kMinute);
    return sim.events_executed();
  };
  const double by_count = static_cast<double>(events(true));
  const double written_out = static_cast<double>(events(false));
  CHECK(by_count / written_out == Approx(1.0).epsilon(0.05));
}

TEST_CASE("a leak too slow to matter schedules nothing absurd", "[robustness]") {
  Scenario s = make_scenario(kHour);
  add_service(s, "api", 1, 4, 4, kMillisecond).memory = {100 * kMiB, 0, kGiB};
  Simulation sim(s, 1);
  sim.set_memory_leak(0, 1e-5);  // 1 GiB would take 3,000 years
  sim.run_until(kHour);
  CHECK(sim.replica(0, 0).up);
  CHECK(event_times(sim.journal(), "oom_killed").empty());
}

TEST_CASE("a replica that keeps crashing backs off like CrashLoopBackOff", "[robustness]") {
  // Killed the moment it starts: restarts after 0, 10, 20, 40 ... seconds of
  // back-off (plus startup), capped at 5 minutes.
  Scenario s = make_scenario(30 * kMinute);
  ServiceSpec& svc = add_service(s, "api", 1, 4, 4, kMillisecond);
  svc.memory = {100 * kMiB, 0, 200 * kMiB};
  svc.startup = kSecond;
  Simulation sim(s, 1);
  sim.set_memory_leak(0, 1e12);  // a terabyte per second: dies within a microsecond
  sim.run_until(30 * kMinute);
  const auto kills = event_times(sim.journal(), "oom_killed");
  const auto ready = event_times(sim.journal(), "replica_ready");
  REQUIRE(kills.size() >= 8);
  REQUIRE(ready.size() >= 7);
  const SimTime backoffs[] = {0, 10, 20, 40, 80, 160, 300};
  for (std::size_t i = 0; i < 7; ++i) {
    INFO("restart " << i);
    CHECK(ready[i] - kills[i] == backoffs[i] * kSecond + kSecond);
  }
  CHECK(kills.size() < 20);  // not a kill every microsecond
  bool logged = false;
  for (const LogLine& line : sim.journal().logs) {
    logged = logged || line.message.find("CrashLoopBackOff") != std::string::npos;
  }
  CHECK(logged);
}

TEST_CASE("a dead caller's outstanding attempts are abandoned, not counted", "[robustness]") {
  // a -> b (slow, 1 s timeout). a's only replica dies for good at 60 s: the
  // attempts it had in flight must not time out later in a's name.
  Scenario s = make_scenario(5 * kMinute);
  ServiceSpec& a = add_service(s, "a", 1, 100, 100, 0);
  a.latency.distribution = LatencySpec::Distribution::kConstant;
  a.memory = {100 * kMiB, 0, 200 * kMiB};
  a.startup = kHour;
  ServiceSpec& b = add_service(s, "b", 1, 100, 100, 5 * kSecond);
  b.latency.distribution = LatencySpec::Distribution::kConstant;
  add_call(s, "a", "b").timeout = kSecond;
  add_traffic(s, "a", 10);
  Simulation sim(s, 1);
  sim.at(kMinute, [&] { sim.set_memory_leak(0, 1e12); });
  sim.run_until(kMinute + kSecond / 2);
  const MetricStore& m = sim.metrics();
  sim.run_until(5 * kMinute);
  const double timeouts_at_end =
      last_value(m, "calls_total", {{"from", "a"}, {"to", "b"}, {"outcome", "timeout"}});
  // About 59 s of traffic at 10/s timed out; nothing after the kill.
  CHECK(timeouts_at_end == Approx(590).epsilon(0.1));
  for (const LogLine& line : sim.journal().logs) {
    if (line.service == "a" && line.message.find("timeout") != std::string::npos) {
      CHECK(line.time <= kMinute);
    }
  }
}
