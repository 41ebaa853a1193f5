// Failure and slowness propagate up the graph by themselves: timeouts,
// retries (and the retry storms they cause), rejections, optional calls and
// parallel groups behave as a practitioner expects.
#include <catch2/catch.hpp>

#include <cmath>

#include "run_reading.h"
#include "scenario_builder.h"
#include "sim/model/simulation.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

double edge_attempts(const MetricStore& m, const std::string& from, const std::string& to) {
  return sum_last(m, "calls_total", {{"from", from}, {"to", to}});
}

double edge_outcome(const MetricStore& m, const std::string& from, const std::string& to,
                    const std::string& outcome) {
  return last_value(m, "calls_total", {{"from", from}, {"to", to}, {"outcome", outcome}});
}

// frontend -> backend with a 100 ms timeout and 2 retries.
Scenario two_tier(SimTime backend_latency) {
  Scenario s = make_scenario(10 * kMinute);
  add_service(s, "frontend", 2, 200, 100, 2 * kMillisecond);
  ServiceSpec& backend = add_service(s, "backend", 2, 500, 1000, backend_latency);
  backend.latency.distribution = LatencySpec::Distribution::kConstant;
  CallSpec& call = add_call(s, "frontend", "backend");
  call.timeout = 100 * kMillisecond;
  call.retries = 2;
  add_traffic(s, "frontend", 100);
  return s;
}

}  // namespace

TEST_CASE("a slow dependency with a timeout and 2 retries triples its inbound call rate",
          "[propagation]") {
  Scenario healthy = two_tier(20 * kMillisecond);
  Scenario slow = two_tier(500 * kMillisecond);
  Simulation a(healthy, 5), b(slow, 5);
  a.run_until(10 * kMinute);
  b.run_until(10 * kMinute);

  const double normal = edge_attempts(a.metrics(), "frontend", "backend");
  const double storm = edge_attempts(b.metrics(), "frontend", "backend");
  INFO("attempts healthy " << normal << ", slow " << storm);
  CHECK(edge_outcome(a.metrics(), "frontend", "backend", "ok") == normal);
  CHECK(storm / normal == Approx(3.0).epsilon(0.02));
  CHECK(edge_outcome(b.metrics(), "frontend", "backend", "timeout") == storm);
  // The backend does all that work for nothing; the frontend answers 504.
  CHECK(last_value(b.metrics(), "requests_total", {{"service", "backend"}, {"code", "200"}}) >
        2.9 * last_value(a.metrics(), "requests_total", {{"service", "backend"}, {"code", "200"}}) *
            0.98);
  CHECK(last_value(b.metrics(), "requests_total", {{"service", "frontend"}, {"code", "504"}}) >
        0.99 * normal);
}

TEST_CASE("a slow dependency fills the caller's workers and queue until it rejects",
          "[propagation]") {
  // api (4 workers, queue 10) -> db that takes 200 ms, no timeout. At 50
  // req/s the api can finish at most 20/s: its workers stay busy, its queue
  // fills, and the overflow is rejected with 503.
  Scenario s = make_scenario(5 * kMinute);
  add_service(s, "api", 1, 4, 10, kMillisecond);
  ServiceSpec& db = add_service(s, "db", 1, 100, 100, 200 * kMillisecond);
  db.latency.distribution = LatencySpec::Distribution::kConstant;
  add_call(s, "api", "db");
  add_traffic(s, "api", 50);
  Simulation sim(s, 9);
  sim.run_until(5 * kMinute);
  const MetricStore& m = sim.metrics();
  CHECK(mean_after(m, "inflight_requests", {{"service", "api"}}, kMinute) == Approx(4.0));
  CHECK(mean_after(m, "queue_depth", {{"service", "api"}}, kMinute) > 9.0);
  const double ok = last_value(m, "requests_total", {{"service", "api"}, {"code", "200"}});
  const double rejected = last_value(m, "requests_total", {{"service", "api"}, {"code", "503"}});
  CHECK(ok / to_seconds(5 * kMinute) == Approx(20.0).epsilon(0.02));
  CHECK(rejected / (ok + rejected) == Approx(0.6).epsilon(0.05));
  CHECK(edge_outcome(m, "ingress", "api", "rejected") == rejected);
}

TEST_CASE("a failed optional call degrades the response instead of failing it", "[propagation]") {
  Scenario s = make_scenario(2 * kMinute);
  add_service(s, "frontend", 1, 50, 50, kMillisecond);
  add_service(s, "recommendations", 1, 50, 50, kMillisecond).errors = 1.0;
  add_call(s, "frontend", "recommendations").optional = true;
  add_traffic(s, "frontend", 20);
  Simulation sim(s, 2);
  sim.run_until(2 * kMinute);
  const MetricStore& m = sim.metrics();
  const double ok = last_value(m, "requests_total", {{"service", "frontend"}, {"code", "200"}});
  CHECK(ok > 2000);
  CHECK(last_value(m, "requests_total", {{"service", "frontend"}, {"code", "500"}}) == 0);
  CHECK(last_value(m, "degraded_responses_total", {{"service", "frontend"}}) == ok);
  CHECK(edge_outcome(m, "frontend", "recommendations", "error") == ok);
}

TEST_CASE("a failed required call fails the request with 500", "[propagation]") {
  Scenario s = make_scenario(2 * kMinute);
  add_service(s, "frontend", 1, 50, 50, kMillisecond);
  add_service(s, "payments", 1, 50, 50, kMillisecond).errors = 1.0;
  add_call(s, "frontend", "payments");
  add_traffic(s, "frontend", 20);
  Simulation sim(s, 2);
  sim.run_until(2 * kMinute);
  const MetricStore& m = sim.metrics();
  CHECK(last_value(m, "requests_total", {{"service", "frontend"}, {"code", "200"}}) == 0);
  CHECK(last_value(m, "requests_total", {{"service", "frontend"}, {"code", "500"}}) > 2000);
}

TEST_CASE("parallel calls overlap, sequential calls add up", "[propagation]") {
  auto mean_latency = [](bool parallel) {
    Scenario s = make_scenario(2 * kMinute);
    add_service(s, "frontend", 1, 100, 100, 0).latency.distribution =
        LatencySpec::Distribution::kConstant;
    for (const char* name : {"a", "b", "c"}) {
      add_service(s, name, 1, 100, 100, 30 * kMillisecond).latency.distribution =
          LatencySpec::Distribution::kConstant;
      add_call(s, "frontend", name).parallel = parallel;
    }
    add_traffic(s, "frontend", 10);
    Simulation sim(s, 4);
    sim.run_until(2 * kMinute);
    const MetricStore& m = sim.metrics();
    return last_value(m, "request_duration_seconds_sum", {{"service", "frontend"}}) /
           last_value(m, "request_duration_seconds_count", {{"service", "frontend"}});
  };
  CHECK(mean_latency(true) == Approx(0.030));
  CHECK(mean_latency(false) == Approx(0.090));
}

TEST_CASE("calls with p and count are made as often as asked", "[propagation]") {
  Scenario s = make_scenario(10 * kMinute);
  add_service(s, "frontend", 1, 100, 100, kMillisecond);
  add_service(s, "catalog", 1, 100, 100, kMillisecond);
  CallSpec& call = add_call(s, "frontend", "catalog");
  call.p = 0.25;
  call.count = 4;
  add_traffic(s, "frontend", 50);
  Simulation sim(s, 8);
  sim.run_until(10 * kMinute);
  const MetricStore& m = sim.metrics();
  const double requests =
      last_value(m, "requests_total", {{"service", "frontend"}, {"code", "200"}});
  CHECK(edge_attempts(m, "frontend", "catalog") / requests == Approx(1.0).epsilon(0.02));
}

TEST_CASE("with every replica down, calls are refused", "[propagation]") {
  Scenario s = make_scenario(2 * kMinute);
  add_service(s, "frontend", 1, 50, 50, kMillisecond);
  ServiceSpec& db = add_service(s, "db", 1, 50, 50, kMillisecond);
  db.memory = {100, 0, 50};  // base over its limit: killed at its first request, forever
  db.startup = kHour;
  add_call(s, "frontend", "db");
  add_traffic(s, "frontend", 20);
  Simulation sim(s, 1);
  sim.run_until(2 * kMinute);
  const MetricStore& m = sim.metrics();
  CHECK(edge_outcome(m, "frontend", "db", "reset") == 1);
  CHECK(edge_outcome(m, "frontend", "db", "refused") > 2000);
  bool logged = false;
  for (const LogLine& line : sim.journal().logs) {
    logged = logged || line.message == "connection refused: no healthy replica of db";
  }
  CHECK(logged);
}

TEST_CASE("count repeats a sequential call one after another, a parallel call at once",
          "[propagation]") {
  auto mean_latency = [](bool parallel) {
    Scenario s = make_scenario(2 * kMinute);
    add_service(s, "api", 1, 100, 100, 0).latency.distribution =
        LatencySpec::Distribution::kConstant;
    add_service(s, "db", 1, 100, 100, 10 * kMillisecond).latency.distribution =
        LatencySpec::Distribution::kConstant;
    CallSpec& call = add_call(s, "api", "db");
    call.count = 3;
    call.parallel = parallel;
    add_traffic(s, "api", 10);
    Simulation sim(s, 4);
    sim.run_until(2 * kMinute);
    const MetricStore& m = sim.metrics();
    return last_value(m, "request_duration_seconds_sum", {{"service", "api"}}) /
           last_value(m, "request_duration_seconds_count", {{"service", "api"}});
  };
  CHECK(mean_latency(false) == Approx(0.030));
  CHECK(mean_latency(true) == Approx(0.010));
}

TEST_CASE("a timeout fails exactly the attempts that take longer than it", "[propagation]") {
  // An idle backend with exponential service times of mean 50 ms and a caller
  // timeout of 100 ms: P(service time > 100 ms) = e^-2 = 13.5% of attempts
  // time out, the rest succeed; with no retries, as many requests get 504.
  Scenario s = make_scenario(30 * kMinute);
  add_service(s, "api", 1, 1000, 100, 0).latency.distribution =
      LatencySpec::Distribution::kConstant;
  add_service(s, "backend", 1, 1000, 100, 50 * kMillisecond);
  add_call(s, "api", "backend").timeout = 100 * kMillisecond;
  add_traffic(s, "api", 50);
  Simulation sim(s, 11);
  sim.run_until(30 * kMinute);
  const MetricStore& m = sim.metrics();
  const double attempts = edge_attempts(m, "api", "backend");
  const double timeouts = edge_outcome(m, "api", "backend", "timeout");
  CHECK(timeouts / attempts == Approx(std::exp(-2.0)).epsilon(0.03));
  CHECK(edge_outcome(m, "api", "backend", "ok") == attempts - timeouts);
  CHECK(last_value(m, "requests_total", {{"service", "api"}, {"code", "504"}}) == timeouts);
  // Timed-out requests took exactly the timeout at the caller.
  const double le_100ms =
      last_value(m, "request_duration_seconds_bucket", {{"service", "api"}, {"le", "0.1"}});
  const double count = last_value(m, "request_duration_seconds_count", {{"service", "api"}});
  CHECK(le_100ms == count);
}
