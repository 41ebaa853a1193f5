// Faults, traffic changes, changes and messages: each primitive does to the
// metrics what docs/simulation-model.md ("Faults") says, and writes the
// events, change-log entries and log lines it promises.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "run_reading.h"
#include "scenario_builder.h"
#include "sim/base/units.h"
#include "sim/model/engine.h"
#include "sim/model/simulation.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

// A service whose every request takes exactly `latency`.
ServiceSpec& add_constant_service(Scenario& s, const std::string& name, int replicas, int workers,
                                  SimTime latency) {
  ServiceSpec& spec = add_service(s, name, replicas, workers, 64, latency);
  spec.latency.distribution = LatencySpec::Distribution::kConstant;
  return spec;
}

double ingress(const MetricStore& m, const std::string& to, const std::string& outcome) {
  return last_value(m, "calls_total", {{"from", "ingress"}, {"to", to}, {"outcome", outcome}});
}

double code_increase(const MetricStore& m, const std::string& service, const std::string& code,
                     SimTime from, SimTime to) {
  return increase(m, "requests_total", {{"service", service}, {"code", code}}, from, to);
}

double calls_increase(const MetricStore& m, const std::string& from, const std::string& to,
                      const std::string& outcome, SimTime t0, SimTime t1) {
  return increase(m, "calls_total", {{"from", from}, {"to", to}, {"outcome", outcome}}, t0, t1);
}

double answered(const MetricStore& m, const std::string& service) {
  return sum_last(m, "requests_total", {{"service", service}});
}

bool logged(const RunJournal& journal, const std::string& instance, const std::string& text) {
  for (const LogLine& line : journal.logs) {
    if (line.instance == instance && line.message.find(text) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::string> instances(const std::vector<RunEvent>& events) {
  std::vector<std::string> out;
  for (const RunEvent& e : events) out.push_back(e.instance);
  return out;
}

}  // namespace

TEST_CASE("a crash kills up replicas lowest first, resets their requests and restarts them",
          "[faults]") {
  Scenario s = make_scenario(5 * kMinute);
  add_constant_service(s, "api", 3, 64, 100 * kMillisecond).startup = 20 * kSecond;
  add_traffic(s, "api", 300);
  Simulation sim(s, 1);
  // State changes come before hooks: a listener already sees the replica down.
  int heard = 0;
  sim.add_event_listener([&](const RunEvent& e) {
    if (e.kind != "restart") return;
    ++heard;
    CHECK_FALSE(sim.replica(0, e.instance.back() - '0').up);
  });
  sim.run_until(kMinute);
  sim.crash(0, 2);
  sim.run_until(90 * kSecond);
  sim.crash(0);  // every replica: api-0 and api-1 a second time in a row
  sim.run_until(5 * kMinute);

  const RunJournal& j = sim.journal();
  auto faults = events_of(j, "fault");
  REQUIRE(faults.size() == 2);
  CHECK(faults[0].time == kMinute);
  CHECK(faults[0].service == "api");
  CHECK(faults[0].attributes ==
        decltype(faults[0].attributes){{"fault", "crash"}, {"replicas", "2"}});
  CHECK(attribute(faults[1], "replicas") == "3");
  auto restarts = events_of(j, "restart");
  REQUIRE(restarts.size() == 5);
  CHECK(instances(restarts) ==
        std::vector<std::string>{"api-0", "api-1", "api-0", "api-1", "api-2"});
  for (const RunEvent& e : restarts) CHECK(attribute(e, "reason") == "crashed");
  CHECK(heard == 5);

  // Back after startup (20 s); a second crash within 10 minutes adds the
  // first CrashLoopBackOff step (10 s).
  CHECK(event_times(j, "replica_ready") == std::vector<SimTime>{80 * kSecond, 80 * kSecond,
                                                                110 * kSecond, 120 * kSecond,
                                                                120 * kSecond});
  CHECK(logged(j, "api-0", "container exited with code 1 (crashed)"));
  CHECK(logged(j, "api-0", "back-off 10s restarting failed container"));

  const MetricStore& m = sim.metrics();
  CHECK(value_at(m, "replicas_up", {{"service", "api"}}, 75 * kSecond) == 1);
  CHECK(value_at(m, "replicas_up", {{"service", "api"}}, 90 * kSecond) == 3);
  CHECK(last_value(m, "replicas_up", {{"service", "api"}}) == 3);
  CHECK(last_value(m, "restarts_total", {{"service", "api"}}) == 5);
  CHECK(sim.replica(0, 0).restarts == 2);
  CHECK(sim.replica(0, 2).restarts == 1);
  // About 10 requests in flight per replica at each kill: the ingress sees
  // them reset, then refusals while no replica is up (90 s to 110 s).
  CHECK(ingress(m, "api", "reset") > 20);
  CHECK(ingress(m, "api", "reset") < 100);
  CHECK(ingress(m, "api", "refused") == Approx(300.0 * 20).epsilon(0.05));
}

TEST_CASE("an OOM kill is followed by a restart event with reason oom_killed", "[faults]") {
  Scenario s = make_scenario(30 * kMinute);
  ServiceSpec& svc = add_service(s, "cache", 1, 8, 8, kMillisecond);
  svc.memory = {100 * kMiB, 0, 200 * kMiB};
  svc.startup = 10 * kSecond;
  add_traffic(s, "cache", 20);
  Simulation sim(s, 1);
  sim.set_memory_leak(0, 1.0 * kMiB);
  sim.run_until(30 * kMinute);
  const auto& events = sim.journal().events;
  int kills = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind != "oom_killed") continue;
    ++kills;
    REQUIRE(i + 1 < events.size());
    CHECK(events[i + 1].kind == "restart");
    CHECK(events[i + 1].time == events[i].time);
    CHECK(events[i + 1].instance == events[i].instance);
    CHECK(attribute(events[i + 1], "reason") == "oom_killed");
  }
  CHECK(kills > 1);
  CHECK(events_of(sim.journal(), "restart").size() == static_cast<std::size_t>(kills));
}

TEST_CASE("a memory leak is a fault event and stopping it a fault_cleared event", "[faults]") {
  Scenario s = make_scenario(kMinute);
  add_service(s, "cart", 1, 8, 8, kMillisecond);
  Simulation sim(s, 1);
  sim.set_memory_leak(0, 0, 0);  // not on: nothing to clear
  sim.set_memory_leak(0, 1.5 * kMiB, 4096);
  sim.run_until(10 * kSecond);
  sim.set_memory_leak(0, 0, 0);
  auto faults = events_of(sim.journal(), "fault");
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].attributes == decltype(faults[0].attributes){{"fault", "memory_leak"},
                                                               {"bytes_per_second", "1572864"},
                                                               {"bytes_per_request", "4096"}});
  auto cleared = events_of(sim.journal(), "fault_cleared");
  REQUIRE(cleared.size() == 1);
  CHECK(cleared[0].time == 10 * kSecond);
  CHECK(cleared[0].attributes == decltype(cleared[0].attributes){{"fault", "memory_leak"}});
  CHECK(events_of(sim.journal(), "memory_leak").empty());
}

TEST_CASE("a manual restart resets requests, restarts without back-off and ends a crash streak",
          "[faults]") {
  Scenario s = make_scenario(5 * kMinute);
  add_constant_service(s, "api", 2, 64, 100 * kMillisecond).startup = 20 * kSecond;
  add_traffic(s, "api", 200);
  Simulation sim(s, 1);
  sim.run_until(kMinute);
  sim.crash(0, 1);  // api-0: back at 80 s
  sim.run_until(90 * kSecond);
  sim.crash(0, 1);  // api-0 again: 10 s of back-off, back at 120 s
  sim.run_until(130 * kSecond);
  sim.restart(0, 0);  // manual: back at 150 s, streak over
  sim.restart(0, 0);  // down already: nothing happens
  sim.run_until(160 * kSecond);
  sim.crash(0, 1);  // a first crash again: no back-off, back at 180 s
  sim.run_until(5 * kMinute);

  const RunJournal& j = sim.journal();
  auto restarts = events_of(j, "restart");
  REQUIRE(restarts.size() == 4);
  CHECK(attribute(restarts[2], "reason") == "manual");
  CHECK(restarts[2].instance == "api-0");
  CHECK(restarts[2].time == 130 * kSecond);
  CHECK(event_times(j, "replica_ready") ==
        std::vector<SimTime>{80 * kSecond, 120 * kSecond, 150 * kSecond, 180 * kSecond});
  CHECK(logged(j, "api-0", "received SIGTERM"));
  const MetricStore& m = sim.metrics();
  CHECK(last_value(m, "restarts_total", {{"service", "api"}}) == 4);
  // api-0 held about 10 requests when it was restarted.
  CHECK(calls_increase(m, "ingress", "api", "reset", 120 * kSecond, 135 * kSecond) > 3);
}

TEST_CASE("an outage holds the first replicas down, without restarts, until released", "[faults]") {
  Scenario s = make_scenario(5 * kMinute);
  add_constant_service(s, "api", 4, 64, 100 * kMillisecond).startup = 20 * kSecond;
  add_traffic(s, "api", 200);
  Simulation sim(s, 1);
  sim.run_until(kMinute);
  sim.set_outage(0, 0.5);  // api-0, api-1
  sim.run_until(2 * kMinute);
  sim.set_outage(0, 1.0);  // everything
  sim.run_until(3 * kMinute);
  sim.set_outage(0, 0.25);  // api-0 only: the others start, back at 200 s
  sim.run_until(210 * kSecond);
  sim.crash(0, 1);    // api-0 is held: api-1 crashes
  sim.restart(0, 0);  // held: attempted, but api-0 stays down
  sim.run_until(4 * kMinute);
  sim.set_outage(0, 0);  // api-0 starts, back at 260 s
  sim.run_until(5 * kMinute);

  const RunJournal& j = sim.journal();
  auto faults = events_of(j, "fault");
  REQUIRE(faults.size() == 4);
  CHECK(faults[0].attributes == decltype(faults[0].attributes){
                                    {"fault", "outage"}, {"fraction", "0.5"}, {"replicas", "2"}});
  CHECK(attribute(faults[1], "replicas") == "4");
  CHECK(attribute(faults[2], "replicas") == "1");
  CHECK(attribute(faults[3], "fault") == "crash");
  auto cleared = events_of(j, "fault_cleared");
  REQUIRE(cleared.size() == 1);
  CHECK(cleared[0].time == 4 * kMinute);
  CHECK(attribute(cleared[0], "fault") == "outage");
  auto down = events_of(j, "replica_down");
  CHECK(instances(down) == std::vector<std::string>{"api-0", "api-1", "api-2", "api-3"});
  CHECK(event_times(j, "replica_down") ==
        std::vector<SimTime>{kMinute, kMinute, 2 * kMinute, 2 * kMinute});
  for (const RunEvent& e : down) CHECK(attribute(e, "reason") == "outage");
  auto restarts = events_of(j, "restart");
  REQUIRE(restarts.size() == 2);
  CHECK(restarts[0].instance == "api-1");
  CHECK(attribute(restarts[0], "reason") == "crashed");
  CHECK(restarts[1].instance == "api-0");
  CHECK(attribute(restarts[1], "reason") == "manual");
  CHECK(attribute(restarts[1], "result") == "still_down");
  auto ready = events_of(j, "replica_ready");
  CHECK(instances(ready) == std::vector<std::string>{"api-1", "api-2", "api-3", "api-1", "api-0"});
  CHECK(event_times(j, "replica_ready") == std::vector<SimTime>{200 * kSecond, 200 * kSecond,
                                                                200 * kSecond, 230 * kSecond,
                                                                260 * kSecond});

  const MetricStore& m = sim.metrics();
  const Labels api = {{"service", "api"}};
  CHECK(value_at(m, "replicas_up", api, 75 * kSecond) == 2);
  CHECK(value_at(m, "replicas_up", api, 135 * kSecond) == 0);
  CHECK(value_at(m, "replicas_up", api, 210 * kSecond) == 3);
  CHECK(value_at(m, "replicas_up", api, 225 * kSecond) == 2);
  CHECK(last_value(m, "replicas_up", api) == 4);
  CHECK(last_value(m, "restarts_total", api) == 1);  // the crash; an outage is no restart
  // Requests held by the replicas taken down were reset; the two left
  // served everything; with none up, callers were refused.
  CHECK(calls_increase(m, "ingress", "api", "reset", 45 * kSecond, 75 * kSecond) > 5);
  CHECK(code_increase(m, "api", "200", 75 * kSecond, 120 * kSecond) ==
        Approx(200.0 * 45).epsilon(0.05));
  CHECK(calls_increase(m, "ingress", "api", "refused", 135 * kSecond, 180 * kSecond) ==
        Approx(200.0 * 45).epsilon(0.05));
  CHECK(code_increase(m, "api", "200", 135 * kSecond, 180 * kSecond) == 0);
}

TEST_CASE("a replica held down while restarting stays down until released", "[faults]") {
  Scenario s = make_scenario(3 * kMinute);
  add_constant_service(s, "api", 2, 64, 10 * kMillisecond).startup = 20 * kSecond;
  add_traffic(s, "api", 50);
  Simulation sim(s, 1);
  sim.run_until(kMinute);
  sim.crash(0, 1);  // api-0 would be back at 80 s
  sim.run_until(65 * kSecond);
  sim.set_outage(0, 0.5);  // holds api-0, already down
  sim.run_until(100 * kSecond);
  CHECK_FALSE(sim.replica(0, 0).up);
  sim.set_outage(0, 0);
  sim.run_until(3 * kMinute);
  const RunJournal& j = sim.journal();
  CHECK(event_times(j, "replica_down") == std::vector<SimTime>{65 * kSecond});
  CHECK(event_times(j, "replica_ready") == std::vector<SimTime>{120 * kSecond});
  CHECK(sim.replica(0, 0).up);
  CHECK(last_value(sim.metrics(), "restarts_total", {{"service", "api"}}) == 1);
}

TEST_CASE("added latency lengthens the service time of the given share of requests", "[faults]") {
  Scenario s = make_scenario(10 * kMinute);
  add_constant_service(s, "api", 1, 256, 10 * kMillisecond);
  add_traffic(s, "api", 100);
  Simulation healthy(s, 1), all(s, 1), some(s, 1);
  all.set_added_latency(0, 50 * kMillisecond);
  some.set_added_latency(0, 50 * kMillisecond, 0.3);
  for (Simulation* sim : {&healthy, &all, &some}) sim->run_until(10 * kMinute);
  CHECK(healthy.summary()[0].p50 == Approx(10 * kMillisecond).epsilon(0.01));
  CHECK(all.summary()[0].p50 == Approx(60 * kMillisecond).epsilon(0.01));
  // 30% of the requests take 60 ms, the rest 10 ms (the 0.01 s bucket).
  const MetricStore& m = some.metrics();
  const double fast =
      last_value(m, "request_duration_seconds_bucket", {{"service", "api"}, {"le", "0.01"}});
  const double count = last_value(m, "request_duration_seconds_count", {{"service", "api"}});
  REQUIRE(count > 50000);
  CHECK(fast / count == Approx(0.7).margin(0.02));
  auto faults = events_of(some.journal(), "fault");
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].attributes == decltype(faults[0].attributes){
                                    {"fault", "latency"}, {"add", "50ms"}, {"probability", "0.3"}});
  some.set_added_latency(0, 0);
  CHECK(attribute(events_of(some.journal(), "fault_cleared").at(0), "fault") == "latency");

  // An exponential service time: the mean grows by the added time.
  Scenario e = make_scenario(10 * kMinute);
  add_service(e, "api", 1, 256, 64, 20 * kMillisecond);
  add_traffic(e, "api", 100);
  Simulation slow(e, 1);
  slow.set_added_latency(0, 30 * kMillisecond);
  slow.run_until(10 * kMinute);
  const MetricStore& ms = slow.metrics();
  CHECK(last_value(ms, "request_duration_seconds_sum", {{"service", "api"}}) /
            last_value(ms, "request_duration_seconds_count", {{"service", "api"}}) ==
        Approx(0.050).epsilon(0.02));
}

TEST_CASE("a CPU hog multiplies the service time and the CPU used", "[faults]") {
  Scenario s = make_scenario(10 * kMinute);
  add_constant_service(s, "api", 1, 8, 10 * kMillisecond);
  add_traffic(s, "api", 100);
  Simulation healthy(s, 1), hogged(s, 1), both(s, 1);
  hogged.set_cpu_hog(0, 3);
  both.set_cpu_hog(0, 2);
  both.set_added_latency(0, 5 * kMillisecond);  // added after the multiplication
  for (Simulation* sim : {&healthy, &hogged, &both}) sim->run_until(10 * kMinute);
  CHECK(hogged.summary()[0].p50 == Approx(30 * kMillisecond).epsilon(0.01));
  CHECK(both.summary()[0].p50 == Approx(25 * kMillisecond).epsilon(0.01));
  // 100 req/s x 10 ms on 8 workers: 12.5% busy, three times that when hogged.
  const Labels api = {{"service", "api"}};
  CHECK(mean_after(healthy.metrics(), "cpu_utilization", api, kMinute) ==
        Approx(0.125).epsilon(0.05));
  CHECK(mean_after(hogged.metrics(), "cpu_utilization", api, kMinute) ==
        Approx(0.375).epsilon(0.05));
  auto faults = events_of(hogged.journal(), "fault");
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].attributes ==
        decltype(faults[0].attributes){{"fault", "cpu_hog"}, {"factor", "3"}});
  hogged.set_cpu_hog(0, 1);
  hogged.set_cpu_hog(0, 1);  // off already: no second event
  CHECK(events_of(hogged.journal(), "fault_cleared").size() == 1);
}

TEST_CASE("an error rate of 0.2 makes 20% of answers 500 and the caller fails with them",
          "[faults]") {
  Scenario s = make_scenario(4 * kMinute);
  add_constant_service(s, "frontend", 2, 64, kMillisecond);
  add_constant_service(s, "backend", 2, 64, 5 * kMillisecond);
  add_call(s, "frontend", "backend");
  add_traffic(s, "frontend", 100);
  Simulation sim(s, 1);
  sim.set_error_rate(1, 0.2);
  sim.run_until(4 * kMinute);
  const MetricStore& m = sim.metrics();
  const double total = answered(m, "backend");
  const double errors = last_value(m, "requests_total", {{"service", "backend"}, {"code", "500"}});
  REQUIRE(total > 20000);
  CHECK(errors / total == Approx(0.2).margin(0.02));
  // Every one of them is an error at the caller, and (the call is required,
  // without retries) a 500 of the caller.
  CHECK(last_value(m, "calls_total",
                   {{"from", "frontend"}, {"to", "backend"}, {"outcome", "error"}}) == errors);
  CHECK(last_value(m, "requests_total", {{"service", "frontend"}, {"code", "500"}}) == errors);
  CHECK(last_value(m, "requests_total", {{"service", "frontend"}, {"code", "200"}}) ==
        total - errors);
  CHECK(logged(sim.journal(), "backend-0", "internal error while handling request"));

  // On top of the service's own errors: 1 - 0.9 x 0.8 = 28%.
  Scenario own = s;
  own.services[1].errors = 0.1;
  Simulation both(own, 1);
  both.set_error_rate(1, 0.2);
  both.run_until(4 * kMinute);
  CHECK(last_value(both.metrics(), "requests_total", {{"service", "backend"}, {"code", "500"}}) /
            answered(both.metrics(), "backend") ==
        Approx(0.28).margin(0.02));
}

TEST_CASE("a partition makes attempts time out, unseen by the callee, until healed", "[faults]") {
  Scenario s = make_scenario(4 * kMinute);
  add_constant_service(s, "frontend", 2, 64, kMillisecond);
  add_constant_service(s, "backend", 2, 64, 5 * kMillisecond);
  add_call(s, "frontend", "backend").timeout = 100 * kMillisecond;
  add_traffic(s, "frontend", 100);
  Simulation sim(s, 1);
  sim.run_until(kMinute);
  sim.set_partition(0, 1, true);
  sim.run_until(2 * kMinute);
  sim.set_partition(1, 0, false);  // either order names the pair
  sim.run_until(4 * kMinute);

  const MetricStore& m = sim.metrics();
  // Nothing reaches the backend while cut off.
  CHECK(answered(m, "backend") > 0);
  CHECK(code_increase(m, "backend", "200", 75 * kSecond, 120 * kSecond) == 0);
  const double timeouts =
      calls_increase(m, "frontend", "backend", "timeout", 60 * kSecond, 135 * kSecond);
  CHECK(timeouts == Approx(100.0 * 60).epsilon(0.05));
  CHECK(code_increase(m, "frontend", "504", 60 * kSecond, 135 * kSecond) == timeouts);
  // Healed: every call answers again.
  CHECK(calls_increase(m, "frontend", "backend", "timeout", 135 * kSecond, 4 * kMinute) == 0);
  CHECK(calls_increase(m, "frontend", "backend", "ok", 135 * kSecond, 4 * kMinute) ==
        Approx(100.0 * 105).epsilon(0.05));

  auto faults = events_of(sim.journal(), "fault");
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].service == "frontend");
  CHECK(faults[0].attributes ==
        decltype(faults[0].attributes){{"fault", "partition"}, {"other", "backend"}});
  auto cleared = events_of(sim.journal(), "fault_cleared");
  REQUIRE(cleared.size() == 1);
  CHECK(cleared[0].service == "backend");
  CHECK(attribute(cleared[0], "other") == "frontend");
}

TEST_CASE("a partition without a timeout holds the caller's workers until it dies", "[faults]") {
  Scenario s = make_scenario(4 * kMinute);
  ServiceSpec& api = add_service(s, "api", 1, 4, 10, kMillisecond);
  api.startup = 10 * kSecond;
  add_constant_service(s, "db", 1, 64, 5 * kMillisecond);
  add_call(s, "api", "db");
  add_traffic(s, "api", 50);
  Simulation sim(s, 1);
  sim.run_until(kMinute);
  sim.set_partition(0, 1, true);
  sim.run_until(2 * kMinute);
  sim.set_partition(0, 1, false);  // lost attempts stay lost
  sim.run_until(150 * kSecond);
  const MetricStore& m = sim.metrics();
  const Labels labels = {{"service", "api"}};
  CHECK(value_at(m, "inflight_requests", labels, 90 * kSecond) == 4);
  CHECK(value_at(m, "queue_depth", labels, 90 * kSecond) == 10);
  CHECK(value_at(m, "inflight_requests", labels, 150 * kSecond) == 4);
  CHECK(code_increase(m, "api", "503", 75 * kSecond, 150 * kSecond) ==
        Approx(50.0 * 75).epsilon(0.05));
  CHECK(code_increase(m, "api", "200", 75 * kSecond, 150 * kSecond) == 0);
  // The caller dies: its stuck requests go with it, and it serves again.
  sim.crash(0);
  sim.run_until(4 * kMinute);
  CHECK(value_at(m, "inflight_requests", labels, 4 * kMinute) < 4);
  CHECK(code_increase(m, "api", "200", 165 * kSecond, 4 * kMinute) ==
        Approx(50.0 * 75).epsilon(0.05));
}

TEST_CASE("attempts lost for good do not pile up once their callers are gone", "[faults]") {
  // Each request calls db (partitioned, no timeout) and broken in parallel;
  // broken always fails, so the request answers at once and its db attempt
  // is lost with nobody waiting for it.
  Scenario s = make_scenario(10 * kMinute);
  add_constant_service(s, "api", 1, 1000, kMillisecond);
  add_constant_service(s, "db", 1, 64, kMillisecond);
  add_constant_service(s, "broken", 1, 64, kMillisecond).errors = 1.0;
  add_call(s, "api", "db").parallel = true;
  add_call(s, "api", "broken").parallel = true;
  add_traffic(s, "api", 100);
  Engine engine(s, 1);
  engine.set_partition(0, 1, true);
  engine.run_until(10 * kMinute);
  const MetricStore& m = engine.metrics();
  CHECK(last_value(m, "requests_total", {{"service", "api"}, {"code", "500"}}) > 55000);
  CHECK(answered(m, "db") == 0);
  CHECK(engine.live_calls() < 10000);
}

TEST_CASE("clear_faults ends every fault of a service with one event", "[faults]") {
  Scenario s = make_scenario(4 * kMinute);
  add_constant_service(s, "frontend", 2, 64, kMillisecond);
  ServiceSpec& backend = add_constant_service(s, "backend", 4, 64, 10 * kMillisecond);
  backend.memory = {100 * kMiB, 0, 0};
  backend.startup = 10 * kSecond;
  add_call(s, "frontend", "backend").timeout = 500 * kMillisecond;
  add_traffic(s, "frontend", 100);
  Simulation sim(s, 1);
  sim.run_until(kMinute);
  sim.set_added_latency(1, 50 * kMillisecond);
  sim.set_error_rate(1, 0.5);
  sim.set_cpu_hog(1, 2);
  sim.set_memory_leak(1, 1.0 * kMiB);
  sim.set_outage(1, 0.5);
  sim.run_until(90 * kSecond);
  sim.set_partition(0, 1, true);
  sim.run_until(2 * kMinute);
  const std::size_t faults_before = sim.journal().events.size();
  sim.clear_faults(1);
  sim.clear_faults(0);  // frontend has no fault of its own: still one event
  sim.run_until(4 * kMinute);

  const RunJournal& j = sim.journal();
  auto cleared = events_of(j, "fault_cleared");
  REQUIRE(cleared.size() == 2);
  CHECK(cleared[0].service == "backend");
  CHECK(cleared[0].time == 2 * kMinute);
  CHECK(cleared[0].attributes == decltype(cleared[0].attributes){{"fault", "all"}});
  CHECK(cleared[1].service == "frontend");
  CHECK(j.events[faults_before].kind == "fault_cleared");  // first thing after clearing

  const MetricStore& m = sim.metrics();
  // Healed, released, fast and error-free again: every call is answered in 10 ms.
  CHECK(value_at(m, "replicas_up", {{"service", "backend"}}, 135 * kSecond) == 4);
  CHECK(event_times(j, "replica_ready") == std::vector<SimTime>{130 * kSecond, 130 * kSecond});
  const double calls = calls_increase(m, "frontend", "backend", "ok", 135 * kSecond, 4 * kMinute);
  CHECK(calls == Approx(100.0 * 105).epsilon(0.05));
  CHECK(code_increase(m, "backend", "500", 135 * kSecond, 4 * kMinute) == 0);
  CHECK(increase(m, "request_duration_seconds_bucket", {{"service", "backend"}, {"le", "0.01"}},
                 135 * kSecond, 4 * kMinute) == calls);
  // What leaked stays (60 s at 1 MiB/s on the replicas kept up); nothing more leaks.
  const Labels replica3 = {{"service", "backend"}, {"instance", "backend-3"}};
  CHECK(value_at(m, "memory_bytes", replica3, 135 * kSecond) == Approx(160.0 * kMiB));
  CHECK(last_value(m, "memory_bytes", replica3) == Approx(160.0 * kMiB));
  CHECK(last_value(m, "memory_bytes", {{"service", "backend"}, {"instance", "backend-0"}}) ==
        Approx(100.0 * kMiB));
}

TEST_CASE("a traffic spike multiplies the arrival rate for its duration", "[faults]") {
  Scenario s = make_scenario(30 * kMinute, kMinute);
  add_constant_service(s, "api", 1, 256, kMillisecond);
  add_traffic(s, "api", 100);
  Simulation sim(s, 1);
  sim.run_until(10 * kMinute);
  sim.spike_traffic(0, 3, 10 * kMinute);
  sim.run_until(30 * kMinute);
  const MetricStore& m = sim.metrics();
  const double before = code_increase(m, "api", "200", 0, 10 * kMinute);
  REQUIRE(before == Approx(60000).epsilon(0.02));
  CHECK(code_increase(m, "api", "200", 10 * kMinute, 20 * kMinute) / before ==
        Approx(3.0).epsilon(0.05));
  CHECK(code_increase(m, "api", "200", 20 * kMinute, 30 * kMinute) / before ==
        Approx(1.0).epsilon(0.05));
  auto faults = events_of(sim.journal(), "fault");
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].service == "api");
  CHECK(faults[0].attributes == decltype(faults[0].attributes){{"fault", "spike"},
                                                               {"entry", "api"},
                                                               {"traffic", "0"},
                                                               {"factor", "3"},
                                                               {"duration", "10m"}});
  auto ended = events_of(sim.journal(), "spike_ended");
  REQUIRE(ended.size() == 1);
  CHECK(ended[0].time == 20 * kMinute);
  CHECK(ended[0].service == "api");
}

TEST_CASE("a new spike replaces the one under way", "[faults]") {
  Scenario s = make_scenario(20 * kMinute, kMinute);
  add_constant_service(s, "api", 1, 256, kMillisecond);
  add_traffic(s, "api", 100);
  Simulation sim(s, 1);
  sim.run_until(5 * kMinute);
  sim.spike_traffic(0, 3, 10 * kMinute);
  sim.run_until(7 * kMinute);
  sim.spike_traffic(0, 2, kMinute);
  sim.run_until(20 * kMinute);
  CHECK(event_times(sim.journal(), "spike_ended") == std::vector<SimTime>{8 * kMinute});
  const MetricStore& m = sim.metrics();
  const double per_minute = code_increase(m, "api", "200", 0, 5 * kMinute) / 5;
  CHECK(code_increase(m, "api", "200", 5 * kMinute, 7 * kMinute) / per_minute ==
        Approx(6.0).epsilon(0.05));
  CHECK(code_increase(m, "api", "200", 7 * kMinute, 8 * kMinute) / per_minute ==
        Approx(2.0).epsilon(0.05));
  CHECK(code_increase(m, "api", "200", 8 * kMinute, 20 * kMinute) / per_minute ==
        Approx(12.0).epsilon(0.05));
}

TEST_CASE("set_traffic_rate scales, stops and restores the traffic", "[faults]") {
  Scenario s = make_scenario(20 * kMinute, kMinute);
  add_constant_service(s, "api", 1, 256, kMillisecond);
  add_traffic(s, "api", 100);
  Simulation sim(s, 1);
  sim.run_until(5 * kMinute);
  sim.set_traffic_rate(0, 50);
  sim.run_until(10 * kMinute);
  sim.set_traffic_rate(0, 0);
  sim.run_until(15 * kMinute);
  sim.set_traffic_rate(0, 100);
  sim.run_until(20 * kMinute);
  const MetricStore& m = sim.metrics();
  const double before = code_increase(m, "api", "200", 0, 5 * kMinute);
  CHECK(code_increase(m, "api", "200", 5 * kMinute, 10 * kMinute) / before ==
        Approx(0.5).epsilon(0.05));
  CHECK(code_increase(m, "api", "200", 11 * kMinute, 15 * kMinute) == 0);
  CHECK(code_increase(m, "api", "200", 15 * kMinute, 20 * kMinute) / before ==
        Approx(1.0).epsilon(0.05));
  auto faults = events_of(sim.journal(), "fault");
  REQUIRE(faults.size() == 2);
  CHECK(faults[0].attributes == decltype(faults[0].attributes){{"fault", "traffic_rate"},
                                                               {"entry", "api"},
                                                               {"traffic", "0"},
                                                               {"requests_per_second", "50"}});
  CHECK(attribute(faults[1], "requests_per_second") == "0");
  auto cleared = events_of(sim.journal(), "fault_cleared");
  REQUIRE(cleared.size() == 1);
  CHECK(cleared[0].time == 15 * kMinute);
  CHECK(attribute(cleared[0], "fault") == "traffic_rate");
}

TEST_CASE("a rate change takes effect at once, not after the arrival drawn at the old rate",
          "[faults]") {
  // At 0.01 req/s the first arrival is drawn about 100 s away; at 0.001 req/s
  // about 1,000 s away.
  Scenario s = make_scenario(kHour, kMinute);
  add_constant_service(s, "api", 1, 256, kMillisecond);
  add_traffic(s, "api", 0.01);
  Simulation stopped(s, 1);
  stopped.set_traffic_rate(0, 0);
  stopped.run_until(kHour);
  CHECK(answered(stopped.metrics(), "api") == 0);

  s.traffic[0].rate = 0.001;
  Simulation faster(s, 1);
  faster.set_traffic_rate(0, 100);
  faster.run_until(kMinute);
  CHECK(answered(faster.metrics(), "api") == Approx(6000).epsilon(0.05));
}

TEST_CASE("set_traffic_rate scales a diurnal shape as a whole", "[faults]") {
  Scenario s = make_scenario(20 * kMinute, kMinute);
  add_constant_service(s, "api", 1, 256, kMillisecond);
  add_traffic(s, "api", 100);
  s.traffic[0].shape = TrafficSpec::Shape::kDiurnal;
  s.traffic[0].amplitude = 0.8;
  s.start_of_day = 14 * kHour;  // at the daily peak: 180 req/s
  Simulation normal(s, 1), doubled(s, 2);
  doubled.set_traffic_rate(0, 200);
  normal.run_until(20 * kMinute);
  doubled.run_until(20 * kMinute);
  CHECK(answered(doubled.metrics(), "api") / answered(normal.metrics(), "api") ==
        Approx(2.0).epsilon(0.02));
  CHECK(answered(normal.metrics(), "api") == Approx(180.0 * 1200).epsilon(0.02));
}

TEST_CASE("rollback returns to the previous version in the change log", "[faults]") {
  Scenario s = make_scenario(kMinute);
  add_service(s, "checkout", 1, 4, 4, kMillisecond);
  Simulation sim(s, 1);
  CHECK(sim.version(0).empty());
  sim.deploy(0, "v1", "");
  sim.deploy(0, "v2", "");
  sim.run_until(10 * kSecond);
  CHECK(sim.version(0) == "v2");
  sim.rollback(0, "error rate up");
  CHECK(sim.version(0) == "v1");
  sim.rollback(0, "");
  CHECK(sim.version(0).empty());
  sim.rollback(0, "");  // nothing left: recorded all the same
  const RunJournal& j = sim.journal();
  REQUIRE(j.changes.size() == 5);
  const ChangeEntry& first = j.changes[2];
  CHECK(first.time == 10 * kSecond);
  CHECK(first.kind == "rollback");
  CHECK(first.service == "checkout");
  CHECK(first.version == "v1");
  CHECK(first.description == "error rate up");
  CHECK(j.changes[3].version.empty());
  auto rollbacks = events_of(j, "rollback");
  REQUIRE(rollbacks.size() == 3);
  CHECK(rollbacks[0].attributes == decltype(rollbacks[0].attributes){{"from", "v2"}, {"to", "v1"}});
  CHECK(rollbacks[1].attributes == decltype(rollbacks[1].attributes){{"from", "v1"}, {"to", ""}});
  CHECK(rollbacks[2].attributes == decltype(rollbacks[2].attributes){{"from", ""}, {"to", ""}});
  CHECK(logged(j, "", "rolling back version v2 to version v1: error rate up"));
  sim.deploy(0, "v3", "");
  CHECK(sim.version(0) == "v3");
}

TEST_CASE("log writes every line and inject emits an event", "[faults]") {
  Scenario s = make_scenario(kMinute);
  add_service(s, "checkout", 1, 4, 4, kMillisecond);
  Simulation sim(s, 1);
  sim.run_until(5 * kSecond);
  for (int i = 0; i < 5; ++i) sim.log(0, LogLevel::kWarn, "disk 91% full");
  sim.inject("Support: customers report failed checkouts");
  const RunJournal& j = sim.journal();
  REQUIRE(j.logs.size() == 5);
  CHECK(j.logs[4].message == "disk 91% full");
  CHECK(j.logs[4].service == "checkout");
  CHECK(j.logs[4].instance.empty());
  CHECK(j.logs[4].level == LogLevel::kWarn);
  CHECK(j.logs[4].time == 5 * kSecond);
  auto injects = events_of(j, "inject");
  REQUIRE(injects.size() == 1);
  CHECK(injects[0].service.empty());
  CHECK(injects[0].instance.empty());
  CHECK(injects[0].attributes ==
        decltype(injects[0].attributes){{"message", "Support: customers report failed checkouts"}});
}

TEST_CASE("fault arguments out of range are rejected with invalid_argument", "[faults]") {
  Scenario s = make_scenario(kMinute);
  add_service(s, "a", 2, 4, 4, kMillisecond);
  add_service(s, "b", 1, 4, 4, kMillisecond);
  add_traffic(s, "a", 1);
  Simulation sim(s, 1);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  using Catch::Contains;
  CHECK_THROWS_WITH(sim.crash(2), Contains("unknown service index 2"));
  CHECK_THROWS_WITH(sim.set_outage(0, 1.5), Contains("fraction must be in [0, 1], got 1.5"));
  CHECK_THROWS_AS(sim.set_outage(0, -0.1), std::invalid_argument);
  CHECK_THROWS_AS(sim.set_outage(0, nan), std::invalid_argument);
  CHECK_THROWS_WITH(sim.set_added_latency(0, -1), Contains("add must be in"));
  CHECK_THROWS_AS(sim.set_added_latency(0, kForever), std::invalid_argument);
  CHECK_THROWS_WITH(sim.set_added_latency(0, kMillisecond, 1.5), Contains("probability"));
  CHECK_THROWS_WITH(sim.set_error_rate(0, 2), Contains("rate must be in [0, 1]"));
  CHECK_THROWS_AS(sim.set_error_rate(0, nan), std::invalid_argument);
  CHECK_THROWS_WITH(sim.set_memory_leak(0, -1), Contains("bytes_per_second"));
  CHECK_THROWS_AS(sim.set_memory_leak(0, inf), std::invalid_argument);
  CHECK_THROWS_WITH(sim.set_memory_leak(0, 0, -5), Contains("bytes_per_request"));
  CHECK_THROWS_WITH(sim.set_cpu_hog(0, 0.5), Contains("factor must be a finite number >= 1"));
  CHECK_THROWS_AS(sim.set_cpu_hog(0, inf), std::invalid_argument);
  CHECK_THROWS_AS(sim.set_cpu_hog(0, nan), std::invalid_argument);
  CHECK_THROWS_WITH(sim.set_partition(1, 1, true), Contains("cannot partition b from itself"));
  CHECK_THROWS_AS(sim.set_partition(0, 7, true), std::invalid_argument);
  CHECK_THROWS_AS(sim.clear_faults(7), std::invalid_argument);
  CHECK_THROWS_WITH(sim.spike_traffic(1, 2, kMinute), Contains("unknown traffic index 1"));
  CHECK_THROWS_WITH(sim.spike_traffic(0, 0, kMinute),
                    Contains("factor must be a finite number > 0"));
  CHECK_THROWS_AS(sim.spike_traffic(0, -2, kMinute), std::invalid_argument);
  CHECK_THROWS_AS(sim.spike_traffic(0, inf, kMinute), std::invalid_argument);
  CHECK_THROWS_WITH(sim.spike_traffic(0, 2, 0), Contains("duration must be > 0"));
  CHECK_THROWS_WITH(sim.set_traffic_rate(0, -1), Contains("must be a finite number >= 0"));
  CHECK_THROWS_AS(sim.set_traffic_rate(0, nan), std::invalid_argument);
  CHECK_THROWS_AS(sim.set_traffic_rate(3, 1), std::invalid_argument);
  // Rates whose gaps the arrival clock could not resolve (the run would hang).
  CHECK_THROWS_WITH(sim.set_traffic_rate(0, 1e12), Contains("above the limit of 1000000000/s"));
  CHECK_THROWS_AS(sim.spike_traffic(0, 1e300, kMinute), std::invalid_argument);
  CHECK_THROWS_WITH(sim.restart(0, 2), Contains("a has 2 replicas, no replica 2"));
  CHECK_THROWS_AS(sim.restart(0, -1), std::invalid_argument);
  CHECK_THROWS_AS(sim.deploy(5, "v1", ""), std::invalid_argument);
  CHECK_THROWS_AS(sim.rollback(5, ""), std::invalid_argument);
  CHECK_THROWS_AS(sim.version(5), std::invalid_argument);
  CHECK_THROWS_AS(sim.log(5, LogLevel::kInfo, "x"), std::invalid_argument);
  // A rejected call changes nothing.
  CHECK(sim.journal().events.empty());
  CHECK(sim.journal().logs.empty());
  sim.run_until(kMinute);
  CHECK(last_value(sim.metrics(), "replicas_up", {{"service", "a"}}) == 2);
}

TEST_CASE("the same faults at the same times give the same run", "[faults][determinism]") {
  Scenario s = make_scenario(10 * kMinute);
  add_service(s, "frontend", 2, 16, 32, 3 * kMillisecond);
  ServiceSpec& catalog = add_service(s, "catalog", 3, 8, 32, 5 * kMillisecond);
  catalog.memory = {100 * kMiB, 64 * kKiB, 400 * kMiB};
  add_service(s, "db", 1, 8, 16, 2 * kMillisecond);
  CallSpec& c = add_call(s, "frontend", "catalog");
  c.timeout = 50 * kMillisecond;
  c.retries = 2;
  c.parallel = true;
  add_call(s, "frontend", "db").parallel = true;
  add_call(s, "catalog", "db").p = 0.5;
  add_traffic(s, "frontend", 300);

  auto run = [&](std::uint64_t seed, SimTime latency_at) {
    auto sim = std::make_unique<Simulation>(s, seed);
    Simulation& x = *sim;
    x.at(kMinute, [&x] { x.set_error_rate(1, 0.1); });
    x.at(latency_at, [&x] { x.set_added_latency(2, 20 * kMillisecond, 0.5); });
    x.at(2 * kMinute, [&x] { x.set_memory_leak(1, 2.0 * kMiB); });
    x.at(3 * kMinute, [&x] { x.spike_traffic(0, 2.5, 2 * kMinute); });
    x.at(4 * kMinute, [&x] { x.crash(0, 1); });
    x.at(5 * kMinute, [&x] { x.set_outage(1, 0.4); });
    x.at(6 * kMinute, [&x] { x.set_partition(1, 2, true); });
    x.at(7 * kMinute, [&x] { x.set_cpu_hog(0, 1.5); });
    x.at(8 * kMinute, [&x] { x.clear_faults(1); });
    x.at(8 * kMinute, [&x] { x.set_traffic_rate(0, 150); });
    x.run_until(10 * kMinute);
    return sim;
  };
  auto samples = [](const Simulation& sim) {
    std::vector<double> out;
    const MetricStore& m = sim.metrics();
    for (SeriesId id = 0; id < m.size(); ++id) {
      // A staleness marker is a NaN: compare it as -1, which no series holds.
      for (const Sample& x : m.series(id).samples) {
        out.push_back(is_stale_marker(x.value) ? -1.0 : x.value);
      }
    }
    return out;
  };
  auto a = run(42, 90 * kSecond), b = run(42, 90 * kSecond), c2 = run(42, 91 * kSecond);
  CHECK(a->events_executed() == b->events_executed());
  CHECK(samples(*a) == samples(*b));
  REQUIRE(a->journal().events.size() == b->journal().events.size());
  for (std::size_t i = 0; i < a->journal().events.size(); ++i) {
    CHECK(a->journal().events[i].time == b->journal().events[i].time);
    CHECK(a->journal().events[i].kind == b->journal().events[i].kind);
    CHECK(a->journal().events[i].attributes == b->journal().events[i].attributes);
  }
  CHECK(a->journal().logs.size() == b->journal().logs.size());
  CHECK(samples(*a) != samples(*c2));
  CHECK(!events_of(a->journal(), "oom_killed").empty());  // the leak did its work
}
