// Mitigations: each does to the model what docs/simulation-model.md
// ("Mitigations") says, at the time it says, with its `mitigation` and
// `mitigation_done` events; a refused one throws and changes nothing.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "run_reading.h"
#include "scenario_builder.h"
#include "sim/base/units.h"
#include "sim/model/simulation.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

// A service whose every request takes exactly `latency`.
ServiceSpec& add_constant_service(Scenario& s, const std::string& name, int replicas, int workers,
                                  SimTime latency) {
  ServiceSpec& spec = add_service(s, name, replicas, workers, 64, latency);
  spec.latency.distribution = LatencySpec::Distribution::kConstant;
  return spec;
}

double ingress_increase(const MetricStore& m, const std::string& to, const std::string& outcome,
                        SimTime from, SimTime until) {
  return increase(m, "calls_total", {{"from", "ingress"}, {"to", to}, {"outcome", outcome}}, from,
                  until);
}

double calls_increase(const MetricStore& m, const std::string& from, const std::string& to,
                      const std::string& outcome, SimTime t0, SimTime t1) {
  return increase(m, "calls_total", {{"from", from}, {"to", to}, {"outcome", outcome}}, t0, t1);
}

double code_increase(const MetricStore& m, const std::string& service, const std::string& code,
                     SimTime from, SimTime until) {
  return increase(m, "requests_total", {{"service", service}, {"code", code}}, from, until);
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

// The kinds of the events at exactly `t`, in order.
std::vector<std::string> kinds_at(const RunJournal& journal, SimTime t) {
  std::vector<std::string> out;
  for (const RunEvent& e : journal.events) {
    if (e.time == t) out.push_back(e.kind);
  }
  return out;
}

// Everything a run produced, as text (NaN staleness markers compare equal
// as text, not as doubles).
std::string fingerprint(const Simulation& sim) {
  std::string out;
  for (const RunEvent& e : sim.journal().events) {
    out += fmt::format("E {} {} {} {}", e.time, e.kind, e.service, e.instance);
    for (const auto& [k, v] : e.attributes) out += " " + k + "=" + v;
    out += "\n";
  }
  for (const LogLine& l : sim.journal().logs) {
    out += fmt::format("L {} {} {} {}\n", l.time, l.service, l.instance, l.message);
  }
  for (const ChangeEntry& c : sim.journal().changes) {
    out += fmt::format("C {} {} {} {} {}\n", c.time, c.service, c.kind, c.version, c.description);
  }
  const MetricStore& m = sim.metrics();
  for (SeriesId id = 0; id < m.size(); ++id) {
    out += MetricStore::identity(m.series(id).name, m.series(id).labels);
    for (const Sample& s : m.series(id).samples) out += fmt::format(" {}:{}", s.time, s.value);
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("a rolling restart replaces one replica at a time and is done after replicas x startup",
          "[mitigation]") {
  Scenario s = make_scenario(5 * kMinute);
  ServiceSpec& api = add_constant_service(s, "api", 3, 64, 10 * kMillisecond);
  api.startup = 20 * kSecond;
  api.memory = {100 * kMiB, 0, 0};
  add_traffic(s, "api", 100);
  Simulation sim(s, 1);
  sim.set_memory_leak(0, 1.0 * kMiB);
  sim.run_until(kMinute);
  sim.rolling_restart(0);

  sim.run_until(90 * kSecond);
  // api-0 came back at 80 s with its leak freed; it leaks again from there.
  CHECK(sim.replica(0, 0).memory_bytes == Approx(110.0 * kMiB));
  CHECK(sim.replica(0, 2).memory_bytes == Approx(190.0 * kMiB));  // not restarted yet
  sim.run_until(150 * kSecond);
  CHECK(sim.replica(0, 0).memory_bytes == Approx(170.0 * kMiB));
  CHECK(sim.replica(0, 2).memory_bytes == Approx(130.0 * kMiB));
  sim.run_until(3 * kMinute);

  const RunJournal& j = sim.journal();
  auto started = events_of(j, "mitigation");
  REQUIRE(started.size() == 1);
  CHECK(started[0].time == kMinute);
  CHECK(started[0].service == "api");
  CHECK(started[0].attributes == Attributes{{"action", "restart"}, {"takes", "1m"}});
  auto restarts = events_of(j, "restart");
  CHECK(event_times(j, "restart") ==
        std::vector<SimTime>{60 * kSecond, 80 * kSecond, 100 * kSecond});
  CHECK(instances(restarts) == std::vector<std::string>{"api-0", "api-1", "api-2"});
  for (const RunEvent& e : restarts) CHECK(attribute(e, "reason") == "manual");
  CHECK(event_times(j, "replica_ready") ==
        std::vector<SimTime>{80 * kSecond, 100 * kSecond, 120 * kSecond});
  auto done = events_of(j, "mitigation_done");
  REQUIRE(done.size() == 1);
  CHECK(done[0].time == 120 * kSecond);
  CHECK(done[0].attributes == Attributes{{"action", "restart"}});
  CHECK(logged(j, "api-1", "received SIGTERM: shutting down (rolling restart)"));

  // One replica short at a time, never more.
  const MetricStore& m = sim.metrics();
  for (SimTime t : {75 * kSecond, 90 * kSecond, 105 * kSecond}) {
    CHECK(value_at(m, "replicas_up", {{"service", "api"}}, t) == 2);
  }
  CHECK(value_at(m, "replicas_up", {{"service", "api"}}, 135 * kSecond) == 3);
  CHECK(last_value(m, "restarts_total", {{"service", "api"}}) == 3);
}

TEST_CASE("a rollout under way refuses another change of the replicas, naming when it ends",
          "[mitigation]") {
  Scenario s = make_scenario(5 * kMinute);
  ServiceSpec& api = add_constant_service(s, "api", 3, 64, 10 * kMillisecond);
  api.startup = 20 * kSecond;
  api.failover = 30 * kSecond;
  add_traffic(s, "api", 50);
  Simulation sim(s, 1);
  sim.deploy(0, "v1", "");
  sim.run_until(kMinute);
  sim.rolling_restart(0);
  sim.run_until(70 * kSecond);
  const std::size_t events = sim.journal().events.size();
  const std::string busy = "a rolling restart of api is under way until 00:02:00";
  CHECK_THROWS_WITH(sim.rolling_restart(0), busy);
  CHECK_THROWS_WITH(sim.roll_back(0), busy);
  CHECK_THROWS_WITH(sim.scale(0, 5), busy);
  CHECK_THROWS_WITH(sim.failover(0), busy);
  CHECK(sim.journal().events.size() == events);
  CHECK(sim.replica_count(0) == 3);
  // Instant mitigations are not replica changes: they apply.
  sim.set_rate_limit(0, 1000);
  sim.run_until(2 * kMinute);
  CHECK(events_of(sim.journal(), "mitigation_done").size() == 2);
  // Once done, the next one may start.
  sim.roll_back(0);
  CHECK_THROWS_WITH(sim.scale(0, 1), "a rollback of api is under way until 00:03:00");
}

TEST_CASE("a rollback replaces the replicas, then records the version and ends attached faults",
          "[mitigation]") {
  Scenario s = make_scenario(10 * kMinute);
  ServiceSpec& checkout = add_constant_service(s, "checkout", 2, 64, 5 * kMillisecond);
  checkout.startup = 15 * kSecond;
  add_constant_service(s, "payments", 1, 64, 5 * kMillisecond);
  add_call(s, "checkout", "payments");
  add_traffic(s, "checkout", 50);
  Simulation sim(s, 3);
  sim.run_until(kMinute);
  sim.deploy(0, "v1", "first");
  sim.run_until(2 * kMinute);
  sim.deploy(0, "v2", "promo cache");
  // The deploy brings errors on checkout and latency on payments...
  sim.attach_faults_to_deploy(0, [&] {
    sim.set_error_rate(0, 0.5);
    sim.set_added_latency(1, 50 * kMillisecond);
  });
  // ... and something else hogs checkout's CPU: not the deploy's doing.
  sim.set_cpu_hog(0, 2.0);
  sim.run_until(5 * kMinute);
  sim.roll_back(0);

  const SimTime end = 5 * kMinute + 30 * kSecond;  // two replicas x 15 s
  sim.run_until(end - 1);
  CHECK(sim.version(0) == "v2");
  CHECK(events_of(sim.journal(), "rollback").empty());
  CHECK(events_of(sim.journal(), "fault_cleared").empty());
  sim.run_until(7 * kMinute);

  const RunJournal& j = sim.journal();
  auto started = events_of(j, "mitigation");
  REQUIRE(started.size() == 1);
  CHECK(started[0].time == 5 * kMinute);
  CHECK(started[0].attributes ==
        Attributes{{"action", "rollback"}, {"from", "v2"}, {"to", "v1"}, {"takes", "30s"}});
  CHECK(event_times(j, "restart") == std::vector<SimTime>{5 * kMinute, 5 * kMinute + 15 * kSecond});
  // At completion, in order: the last replica ready, the version change,
  // the attached faults ending, then mitigation_done.
  CHECK(kinds_at(j, end) == std::vector<std::string>{"replica_ready", "rollback", "fault_cleared",
                                                     "fault_cleared", "mitigation_done"});
  auto rollback = events_of(j, "rollback");
  REQUIRE(rollback.size() == 1);
  CHECK(rollback[0].attributes == Attributes{{"from", "v2"}, {"to", "v1"}});
  auto cleared = events_of(j, "fault_cleared");
  REQUIRE(cleared.size() == 2);
  CHECK(cleared[0].service == "checkout");
  CHECK(attribute(cleared[0], "fault") == "errors");
  CHECK(cleared[1].service == "payments");
  CHECK(attribute(cleared[1], "fault") == "latency");
  auto done = events_of(j, "mitigation_done");
  REQUIRE(done.size() == 1);
  CHECK(done[0].attributes == Attributes{{"action", "rollback"}, {"from", "v2"}, {"to", "v1"}});
  REQUIRE(j.changes.size() == 3);
  CHECK(j.changes[2].time == end);
  CHECK(j.changes[2].service == "checkout");
  CHECK(j.changes[2].kind == "rollback");
  CHECK(j.changes[2].version == "v1");
  CHECK(sim.version(0) == "v1");
  CHECK(logged(j, "", "rolling back version v2 to version v1"));

  // The errors stopped with the rollback; the CPU hog is still there.
  const MetricStore& m = sim.metrics();
  CHECK(code_increase(m, "checkout", "500", 4 * kMinute, 5 * kMinute) > 1000);
  CHECK(code_increase(m, "checkout", "500", 6 * kMinute, 7 * kMinute) == 0);
  CHECK(code_increase(m, "checkout", "200", 6 * kMinute, 7 * kMinute) > 2500);
  // 5 ms doubled by the hog, plus payments' 5 ms without the added 50 ms.
  CHECK(increase(m, "request_duration_seconds_sum", {{"service", "checkout"}}, 6 * kMinute,
                 7 * kMinute) /
            increase(m, "request_duration_seconds_count", {{"service", "checkout"}}, 6 * kMinute,
                     7 * kMinute) ==
        Approx(0.015));
}

TEST_CASE("an immediate rollback ends attached faults too, and a deploy supersedes a rollback",
          "[mitigation]") {
  Scenario s = make_scenario(10 * kMinute);
  add_constant_service(s, "checkout", 2, 64, 5 * kMillisecond).startup = 20 * kSecond;
  add_traffic(s, "checkout", 20);
  Simulation sim(s, 3);
  sim.deploy(0, "v1", "");
  sim.run_until(kMinute);
  sim.deploy(0, "v2", "");
  sim.attach_faults_to_deploy(0, [&] { sim.set_error_rate(0, 0.2); });
  sim.run_until(2 * kMinute);
  sim.rollback(0, "canary analysis failed");
  auto cleared = events_of(sim.journal(), "fault_cleared");
  REQUIRE(cleared.size() == 1);
  CHECK(cleared[0].time == 2 * kMinute);
  CHECK(attribute(cleared[0], "fault") == "errors");

  // A deploy while a rollback rolls out stops it: no rollback, no done.
  sim.deploy(0, "v2.1", "");
  sim.run_until(3 * kMinute);
  sim.roll_back(0);
  sim.run_until(3 * kMinute + 10 * kSecond);
  sim.deploy(0, "v3", "");
  sim.run_until(5 * kMinute);
  CHECK(events_of(sim.journal(), "rollback").size() == 1);  // the immediate one
  CHECK(events_of(sim.journal(), "mitigation_done").empty());
  CHECK(sim.version(0) == "v3");
  CHECK(logged(sim.journal(), "", "rollback stopped: superseded by the deploy of version v3"));
  sim.roll_back(0);  // not under way any more
  sim.run_until(6 * kMinute);
  CHECK(sim.version(0) == "v2.1");
}

TEST_CASE("scaling up adds capacity once the new replicas are ready", "[mitigation]") {
  Scenario s = make_scenario(5 * kMinute);
  // 2 replicas x 4 workers at 100 ms: 80 requests per second for 100 arriving.
  ServiceSpec& api = add_service(s, "api", 2, 4, 16, 100 * kMillisecond);
  api.latency.distribution = LatencySpec::Distribution::kConstant;
  api.startup = 20 * kSecond;
  api.memory = {100 * kMiB, 0, 0};
  add_traffic(s, "api", 100);
  Simulation sim(s, 5);
  sim.set_memory_leak(0, 1.0 * kMiB);
  sim.run_until(kMinute);
  sim.scale(0, 4);
  CHECK(sim.replica_count(0) == 4);
  CHECK(sim.replica(0, 3).instance == "api-3");
  CHECK_FALSE(sim.replica(0, 3).up);
  sim.run_until(90 * kSecond);
  // New replicas leak like the others, from their start.
  CHECK(sim.replica(0, 2).memory_bytes == Approx(110.0 * kMiB));
  sim.run_until(3 * kMinute);

  const RunJournal& j = sim.journal();
  auto started = events_of(j, "mitigation");
  REQUIRE(started.size() == 1);
  CHECK(started[0].attributes ==
        Attributes{{"action", "scale"}, {"replicas", "4"}, {"previous", "2"}, {"takes", "20s"}});
  auto ready = events_of(j, "replica_ready");
  CHECK(instances(ready) == std::vector<std::string>{"api-2", "api-3"});
  CHECK(event_times(j, "replica_ready") == std::vector<SimTime>{80 * kSecond, 80 * kSecond});
  CHECK(event_times(j, "mitigation_done") == std::vector<SimTime>{80 * kSecond});
  CHECK(logged(j, "api-2", "container starting (back in 20s)"));

  const MetricStore& m = sim.metrics();
  CHECK(value_at(m, "replicas_desired", {{"service", "api"}}, 75 * kSecond) == 4);
  CHECK(value_at(m, "replicas_up", {{"service", "api"}}, 75 * kSecond) == 2);
  CHECK(value_at(m, "replicas_up", {{"service", "api"}}, 90 * kSecond) == 4);
  CHECK(value_at(m, "memory_bytes", {{"service", "api"}, {"instance", "api-3"}}, 90 * kSecond) ==
        Approx(110.0 * kMiB));
  // Overloaded before: rejections and queueing; none after.
  CHECK(code_increase(m, "api", "503", 30 * kSecond, kMinute) > 200);
  CHECK(code_increase(m, "api", "503", 2 * kMinute, 3 * kMinute) == 0);
  auto mean_latency = [&](SimTime from, SimTime until) {
    return increase(m, "request_duration_seconds_sum", {{"service", "api"}}, from, until) /
           increase(m, "request_duration_seconds_count", {{"service", "api"}}, from, until);
  };
  CHECK(mean_latency(30 * kSecond, kMinute) > 0.2);
  CHECK(mean_latency(2 * kMinute, 3 * kMinute) < 0.13);
}

TEST_CASE("scaling down stops the highest replicas at once and they stop being scraped",
          "[mitigation]") {
  Scenario s = make_scenario(5 * kMinute);
  add_constant_service(s, "api", 4, 64, 10 * kMillisecond).startup = 10 * kSecond;
  add_traffic(s, "api", 100);
  Simulation sim(s, 5);
  sim.run_until(kMinute);
  sim.scale(0, 2);
  CHECK(sim.replica_count(0) == 2);
  sim.run_until(2 * kMinute);
  const MetricStore& m = sim.metrics();
  const SeriesId api3 = *m.find("memory_bytes", {{"service", "api"}, {"instance", "api-3"}});
  // The first scrape after the removal marks the series stale; no sample follows.
  const Series& series = m.series(api3);
  REQUIRE_FALSE(series.samples.empty());
  CHECK(series.samples.back().time == 75 * kSecond);
  CHECK(is_stale_marker(series.samples.back().value));
  CHECK(value_at(m, "replicas_up", {{"service", "api"}}, 75 * kSecond) == 2);
  CHECK(value_at(m, "replicas_desired", {{"service", "api"}}, 75 * kSecond) == 2);
  CHECK(ingress_increase(m, "api", "ok", 75 * kSecond, 2 * kMinute) == Approx(4500).epsilon(0.1));

  // Scaling up again brings back the same instance names and series.
  sim.scale(0, 3);
  sim.run_until(3 * kMinute);
  const RunJournal& j = sim.journal();
  auto down = events_of(j, "replica_down");
  CHECK(instances(down) == std::vector<std::string>{"api-3", "api-2"});
  for (const RunEvent& e : down) {
    CHECK(e.time == kMinute);
    CHECK(attribute(e, "reason") == "scaled_down");
  }
  auto started = events_of(j, "mitigation");
  REQUIRE(started.size() == 2);
  CHECK(started[0].attributes ==
        Attributes{{"action", "scale"}, {"replicas", "2"}, {"previous", "4"}, {"takes", "0s"}});
  CHECK(event_times(j, "mitigation_done") ==
        std::vector<SimTime>{kMinute, 2 * kMinute + 10 * kSecond});
  CHECK(instances(events_of(j, "replica_ready")) == std::vector<std::string>{"api-2"});
  CHECK(sim.replica(0, 2).instance == "api-2");
  CHECK(sim.replica(0, 2).restarts == 0);
  CHECK(value_at(m, "memory_bytes", {{"service", "api"}, {"instance", "api-2"}}, 135 * kSecond) >
        0);
  CHECK(m.series(api3).samples.back().time == 75 * kSecond);
  CHECK(logged(j, "api-3", "received SIGTERM: shutting down (scaled down)"));
}

TEST_CASE("an outage holds its fraction of the replicas a scale leaves", "[mitigation]") {
  Scenario s = make_scenario(5 * kMinute);
  add_constant_service(s, "db", 2, 64, 2 * kMillisecond).startup = 10 * kSecond;
  add_traffic(s, "db", 20);
  Simulation sim(s, 5);
  sim.set_outage(0, 1.0);
  sim.run_until(kMinute);
  // A full outage: the new replicas are held too, so the scale is done at once.
  sim.scale(0, 4);
  sim.run_until(2 * kMinute);
  const RunJournal& j = sim.journal();
  auto down = events_of(j, "replica_down");
  REQUIRE(down.size() == 4);
  CHECK(instances(down) == std::vector<std::string>{"db-0", "db-1", "db-2", "db-3"});
  CHECK(event_times(j, "mitigation_done") == std::vector<SimTime>{kMinute});
  CHECK(last_value(sim.metrics(), "replicas_up", {{"service", "db"}}) == 0);
  sim.set_outage(0, 0);
  sim.run_until(3 * kMinute);
  CHECK(last_value(sim.metrics(), "replicas_up", {{"service", "db"}}) == 4);
}

TEST_CASE("a drained service refuses new requests: optional callers degrade, required ones fail",
          "[mitigation]") {
  Scenario s = make_scenario(5 * kMinute);
  add_constant_service(s, "web", 2, 64, 5 * kMillisecond);
  add_constant_service(s, "rec", 1, 64, 500 * kMillisecond);
  add_constant_service(s, "pay", 1, 64, 5 * kMillisecond);
  CallSpec& rec = add_call(s, "web", "rec");
  rec.optional = true;
  rec.timeout = kSecond;
  add_call(s, "web", "pay");
  add_traffic(s, "web", 20);
  Simulation sim(s, 7);
  sim.run_until(kMinute);
  sim.set_drained(1, true);
  sim.run_until(2 * kMinute);
  sim.set_drained(1, false);
  sim.set_drained(2, true);
  sim.run_until(3 * kMinute);

  const RunJournal& j = sim.journal();
  auto started = events_of(j, "mitigation");
  REQUIRE(started.size() == 3);
  CHECK(started[0].attributes == Attributes{{"action", "drain"}, {"takes", "0s"}});
  CHECK(started[1].attributes == Attributes{{"action", "undrain"}, {"takes", "0s"}});
  CHECK(event_times(j, "mitigation_done") ==
        std::vector<SimTime>{kMinute, 2 * kMinute, 2 * kMinute});
  CHECK(logged(j, "", "connection refused: rec is drained"));

  const MetricStore& m = sim.metrics();
  const SimTime t1 = 75 * kSecond, t2 = 2 * kMinute;
  // Requests rec already held finished after the drain; then nothing came in.
  CHECK(code_increase(m, "rec", "200", kMinute, t1) > 3);
  CHECK(code_increase(m, "rec", "200", t1, t2) == 0);
  CHECK(calls_increase(m, "web", "rec", "refused", t1, t2) == Approx(900).epsilon(0.15));
  CHECK(increase(m, "degraded_responses_total", {{"service", "web"}}, t1, t2) ==
        Approx(900).epsilon(0.15));
  CHECK(code_increase(m, "web", "500", t1, t2) == 0);
  // A required dependency drained: web fails at once.
  const SimTime t3 = 2 * kMinute + 15 * kSecond, t4 = 3 * kMinute;
  CHECK(code_increase(m, "web", "500", t3, t4) == Approx(900).epsilon(0.15));
  CHECK(code_increase(m, "web", "200", t3, t4) == 0);
  CHECK(code_increase(m, "rec", "200", t3, t4) > 700);  // undrained
}

TEST_CASE("a rate limit of 100/s on an entry receiving 400/s rejects three quarters",
          "[mitigation]") {
  Scenario s = make_scenario(15 * kMinute);
  add_constant_service(s, "api", 1, 1000, kMillisecond);
  add_traffic(s, "api", 400);
  Simulation sim(s, 11);
  sim.run_until(kMinute);
  sim.set_rate_limit(0, 100);
  sim.run_until(10 * kMinute);
  sim.set_rate_limit(0, 0);
  sim.run_until(12 * kMinute);

  const RunJournal& j = sim.journal();
  auto started = events_of(j, "mitigation");
  REQUIRE(started.size() == 2);
  CHECK(started[0].attributes ==
        Attributes{{"action", "rate-limit"}, {"limit", "100/s"}, {"takes", "0s"}});
  CHECK(started[1].attributes ==
        Attributes{{"action", "rate-limit"}, {"limit", "off"}, {"takes", "0s"}});
  CHECK(events_of(j, "mitigation_done").size() == 2);

  const MetricStore& m = sim.metrics();
  const SimTime from = 2 * kMinute, until = 10 * kMinute;
  const double rejected = ingress_increase(m, "api", "rejected", from, until);
  const double ok = ingress_increase(m, "api", "ok", from, until);
  CHECK(rejected / (rejected + ok) == Approx(0.75).margin(0.01));
  CHECK(ok == Approx(100.0 * 8 * 60).epsilon(0.01));
  // Answered 503 by the service, without a worker.
  CHECK(code_increase(m, "api", "503", from, until) == rejected);
  CHECK(ingress_increase(m, "api", "rejected", 10 * kMinute + 15 * kSecond, 12 * kMinute) == 0);
  CHECK(logged(j, "", "rate limit of 100/s exceeded: rejected request with 503"));
}

TEST_CASE("a failover brings a service under an outage back after the failover time",
          "[mitigation]") {
  Scenario s = make_scenario(10 * kMinute);
  add_constant_service(s, "web", 2, 64, 5 * kMillisecond);
  ServiceSpec& db = add_constant_service(s, "db", 2, 64, 2 * kMillisecond);
  db.failover = 30 * kSecond;
  db.startup = 10 * kSecond;
  db.memory = {100 * kMiB, 0, 0};
  add_call(s, "web", "db").timeout = kSecond;
  add_traffic(s, "web", 50);
  Simulation sim(s, 13);
  sim.run_until(kMinute);
  sim.set_memory_leak(1, 1.0 * kMiB);
  sim.set_outage(1, 1.0);
  sim.run_until(2 * kMinute);
  sim.failover(1);
  CHECK_THROWS_WITH(sim.failover(1), "a failover of db is under way until 00:02:30");
  sim.run_until(3 * kMinute);
  // The new primary has fresh memory and none of the old one's faults.
  CHECK(sim.replica(1, 0).memory_bytes == Approx(100.0 * kMiB));

  const RunJournal& j = sim.journal();
  const SimTime end = 2 * kMinute + 30 * kSecond;
  auto started = events_of(j, "mitigation");
  REQUIRE(started.size() == 1);
  CHECK(started[0].attributes == Attributes{{"action", "failover"}, {"takes", "30s"}});
  CHECK(kinds_at(j, end) == std::vector<std::string>{"fault_cleared", "replica_ready",
                                                     "replica_ready", "mitigation_done"});
  CHECK(attribute(events_of(j, "fault_cleared").back(), "fault") == "all");
  const MetricStore& m = sim.metrics();
  CHECK(code_increase(m, "web", "500", 90 * kSecond, 2 * kMinute) > 1000);
  CHECK(code_increase(m, "web", "500", 2 * kMinute + 45 * kSecond, 3 * kMinute) == 0);
  CHECK(value_at(m, "replicas_up", {{"service", "db"}}, 2 * kMinute + 45 * kSecond) == 2);

  // A failover of a healthy service takes its replicas down for the time.
  sim.failover(1);
  sim.run_until(4 * kMinute);
  auto down = events_of(j, "replica_down");
  REQUIRE(down.size() == 4);  // two held by the outage, two by this failover
  CHECK(down[2].time == 3 * kMinute);
  CHECK(attribute(down[2], "reason") == "failover");
  CHECK(calls_increase(m, "web", "db", "refused", 3 * kMinute, 3 * kMinute + 15 * kSecond) > 500);
  CHECK(calls_increase(m, "web", "db", "ok", 3 * kMinute + 45 * kSecond, 4 * kMinute) > 500);
  CHECK(logged(j, "", "failing over: promoting the standby (ready in 30s)"));
}

TEST_CASE("a feature flag turned off stops the calls it gates", "[mitigation]") {
  Scenario s = make_scenario(5 * kMinute);
  add_constant_service(s, "web", 1, 64, 5 * kMillisecond);
  add_constant_service(s, "rec", 1, 64, 5 * kMillisecond);
  add_constant_service(s, "pay", 1, 64, 5 * kMillisecond);
  CallSpec& rec = add_call(s, "web", "rec");
  rec.optional = true;
  rec.flag = "recs";
  add_call(s, "web", "pay");
  add_traffic(s, "web", 50);
  Simulation sim(s, 17);
  CHECK(sim.flag(0, "recs"));
  sim.run_until(kMinute);
  sim.set_flag(0, "recs", false);
  CHECK_FALSE(sim.flag(0, "recs"));
  sim.run_until(3 * kMinute);
  sim.set_flag(0, "recs", true);
  sim.run_until(4 * kMinute);

  const RunJournal& j = sim.journal();
  auto started = events_of(j, "mitigation");
  REQUIRE(started.size() == 2);
  CHECK(started[0].attributes ==
        Attributes{{"action", "flag"}, {"flag", "recs"}, {"state", "off"}, {"takes", "0s"}});
  auto done = events_of(j, "mitigation_done");
  REQUIRE(done.size() == 2);
  CHECK(done[1].attributes == Attributes{{"action", "flag"}, {"flag", "recs"}, {"state", "on"}});

  const MetricStore& m = sim.metrics();
  const SimTime t1 = 75 * kSecond, t2 = 3 * kMinute;
  CHECK(calls_increase(m, "web", "rec", "ok", 0, kMinute) > 2500);
  CHECK(calls_increase(m, "web", "rec", "ok", t1, t2) == 0);
  CHECK(calls_increase(m, "web", "pay", "ok", t1, t2) > 5000);
  CHECK(increase(m, "degraded_responses_total", {{"service", "web"}}, t1, t2) == 0);
  CHECK(calls_increase(m, "web", "rec", "ok", 3 * kMinute + 15 * kSecond, 4 * kMinute) > 2000);

  CHECK_THROWS_WITH(sim.set_flag(0, "rec", false),
                    "web has no feature flag 'rec' (did you mean 'recs'?) (its flags: recs)");
  CHECK_THROWS_WITH(sim.set_flag(0, "recs", true), "feature flag 'recs' of web is already on");
  CHECK_THROWS_WITH(
      sim.flag(1, "recs"),
      "rec has no feature flags (a call marked with `flag:` in the scenario has one)");
}

TEST_CASE("a refused mitigation throws a message for the trainee and changes nothing",
          "[mitigation]") {
  Scenario s = make_scenario(5 * kMinute);
  add_constant_service(s, "checkout", 2, 64, 5 * kMillisecond);
  add_traffic(s, "checkout", 50);
  Simulation sim(s, 19), reference(s, 19);
  sim.run_until(kMinute);
  reference.run_until(kMinute);
  bool ran = false;
  CHECK_THROWS_WITH(sim.scale(0, 0),
                    "cannot scale checkout to 0 replicas: a service runs 1 to 1000");
  CHECK_THROWS_WITH(sim.scale(0, 1001),
                    "cannot scale checkout to 1001 replicas: a service runs 1 to 1000");
  CHECK_THROWS_WITH(sim.scale(0, 2), "checkout already runs 2 replicas");
  CHECK_THROWS_WITH(sim.roll_back(0), "checkout has no earlier version to roll back to");
  CHECK_THROWS_WITH(sim.failover(0),
                    "checkout has no standby to fail over to (add `failover:` to the service)");
  CHECK_THROWS_WITH(sim.set_drained(0, false), "checkout is not drained");
  CHECK_THROWS_WITH(sim.set_rate_limit(0, 0), "checkout has no rate limit to remove");
  CHECK_THROWS_AS(sim.set_rate_limit(0, -1), std::invalid_argument);
  CHECK_THROWS_AS(sim.set_rate_limit(0, std::numeric_limits<double>::quiet_NaN()),
                  std::invalid_argument);
  CHECK_THROWS_AS(sim.set_rate_limit(0, 2e9), std::invalid_argument);
  CHECK_THROWS_WITH(sim.set_flag(0, "x", false),
                    "checkout has no feature flags (a call marked with `flag:` in the scenario "
                    "has one)");
  CHECK_THROWS_WITH(sim.attach_faults_to_deploy(0, [&] { ran = true; }),
                    "attach_faults_to_deploy: checkout has no deploy to attach faults to (deploy "
                    "it first)");
  CHECK_FALSE(ran);
  CHECK_THROWS_AS(sim.rolling_restart(7), std::invalid_argument);
  CHECK_THROWS_AS(sim.replica_count(7), std::invalid_argument);
  sim.set_drained(0, true);
  reference.set_drained(0, true);
  CHECK_THROWS_WITH(sim.set_drained(0, true), "checkout is already drained");
  sim.set_drained(0, false);
  reference.set_drained(0, false);
  sim.set_rate_limit(0, 200);
  reference.set_rate_limit(0, 200);
  CHECK_THROWS_WITH(sim.set_rate_limit(0, 200), "checkout is already limited to 200/s");

  sim.run_until(3 * kMinute);
  reference.run_until(3 * kMinute);
  CHECK(fingerprint(sim) == fingerprint(reference));
  CHECK(sim.replica_count(0) == 2);
}

TEST_CASE("mitigations are deterministic: the same seed gives the same journal", "[mitigation]") {
  Scenario s = make_scenario(6 * kMinute);
  ServiceSpec& web = add_service(s, "web", 2, 16, 32, 3 * kMillisecond);
  web.startup = 15 * kSecond;
  ServiceSpec& api = add_service(s, "api", 2, 8, 32, 5 * kMillisecond);
  api.startup = 10 * kSecond;
  api.failover = 20 * kSecond;
  api.memory = {100 * kMiB, kMiB, 0};
  CallSpec& call = add_call(s, "web", "api");
  call.timeout = 50 * kMillisecond;
  call.retries = 2;
  CallSpec& flagged = add_call(s, "web", "api");
  flagged.optional = true;
  flagged.flag = "extra";
  flagged.p = 0.5;
  add_traffic(s, "web", 300);

  auto run = [&](std::uint64_t seed) {
    auto sim = std::make_unique<Simulation>(s, seed);
    Simulation& m = *sim;
    m.at(20 * kSecond, [&m] { m.deploy(1, "v1", ""); });
    m.at(30 * kSecond, [&m] {
      m.deploy(1, "v2", "");
      m.attach_faults_to_deploy(1, [&m] {
        m.set_added_latency(1, 20 * kMillisecond, 0.3);
        m.set_memory_leak(1, 0.5 * kMiB);
      });
    });
    m.at(kMinute, [&m] {
      m.rolling_restart(0);
      m.roll_back(1);
    });
    m.at(2 * kMinute, [&m] { m.scale(1, 4); });
    m.at(150 * kSecond, [&m] { m.set_rate_limit(0, 250); });
    m.at(3 * kMinute, [&m] { m.set_flag(0, "extra", false); });
    m.at(200 * kSecond, [&m] { m.set_drained(1, true); });
    m.at(210 * kSecond, [&m] { m.set_drained(1, false); });
    m.at(4 * kMinute, [&m] { m.failover(1); });
    m.at(5 * kMinute, [&m] { m.scale(1, 1); });
    m.run_until(6 * kMinute);
    return sim;
  };
  auto a = run(23), b = run(23), c = run(24);
  CHECK(a->events_executed() == b->events_executed());
  CHECK(fingerprint(*a) == fingerprint(*b));
  CHECK(fingerprint(*a) != fingerprint(*c));
  CHECK(events_of(a->journal(), "mitigation").size() == 9);
  CHECK(events_of(a->journal(), "mitigation_done").size() == 9);
}
