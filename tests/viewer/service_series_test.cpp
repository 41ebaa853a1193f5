// derive_series on hand-built metric stores: counters become windowed rates
// and ratios, histograms p99s, gauges land on the scrape grid with NaN where
// nothing was scraped.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/metrics/metric_store.h"
#include "viewer/replay/service_series.h"

using namespace firedrill;
using namespace firedrill::viewer;

namespace {

constexpr SimTime kStep = 15 * kSecond;

ServiceSpec service(const std::string& name, int workers = 8) {
  ServiceSpec s;
  s.name = name;
  s.workers = workers;
  return s;
}

// Appends value(k) at every scrape k = 0 .. scrapes-1.
template <typename F>
void scrape(MetricStore& m, const std::string& name, Labels labels, int scrapes, F value) {
  const SeriesId id = m.intern(name, std::move(labels));
  for (int k = 0; k < scrapes; ++k) m.append(id, k * kStep, value(k));
}

}  // namespace

TEST_CASE("the scrape grid covers the run and index_at clamps", "[viewer][series]") {
  const MetricStore m;
  const RunSeries run = derive_series(m, {service("a")}, kStep, 10 * kMinute, kMinute);
  CHECK(run.step == kStep);
  CHECK(run.scrapes == 41);  // 0, 15s, ..., 10m
  CHECK(run.rate_window == kMinute);
  CHECK(run.index_at(-kSecond) == 0);
  CHECK(run.index_at(0) == 0);
  CHECK(run.index_at(29 * kSecond) == 1);
  CHECK(run.index_at(30 * kSecond) == 2);
  CHECK(run.index_at(kHour) == 40);
  CHECK(run.time_of(4) == kMinute);
  REQUIRE(run.services.size() == 1);
  CHECK(run.services[0].name == "a");
  CHECK(run.services[0].request_rate.size() == 41);

  // The window is whole scrapes, at least one.
  CHECK(derive_series(m, {}, kStep, kMinute, 50 * kSecond).rate_window == 45 * kSecond);
  CHECK(derive_series(m, {}, kStep, kMinute, kSecond).rate_window == kStep);
}

TEST_CASE("request rates and error ratios are taken over the window", "[viewer][series]") {
  MetricStore m;
  // 10 answers a second, 1 in 10 of them a 500 and (after 1m) as many 503s.
  scrape(m, "requests_total", {{"service", "a"}, {"code", "200"}}, 21,
         [](int k) { return 150.0 * k; });
  scrape(m, "requests_total", {{"service", "a"}, {"code", "500"}}, 21,
         [](int k) { return 15.0 * k; });
  scrape(m, "requests_total", {{"service", "a"}, {"code", "503"}}, 21,
         [](int k) { return k < 4 ? 0.0 : 15.0 * (k - 4); });
  // Another service's answers and a service the run does not know are not a's.
  scrape(m, "requests_total", {{"service", "b"}, {"code", "500"}}, 21,
         [](int k) { return 100.0 * k; });
  scrape(m, "requests_total", {{"service", "ghost"}, {"code", "200"}}, 21,
         [](int k) { return 1000.0 * k; });
  const RunSeries run = derive_series(m, {service("a"), service("b")}, kStep, 5 * kMinute, kMinute);
  const ServiceSeries& a = run.services[0];

  // Nothing to take a rate over at the first scrape.
  CHECK(std::isnan(a.request_rate[0]));
  CHECK(std::isnan(a.error_ratio[0]));
  // A shorter window at the start of the run: one scrape at k = 1.
  CHECK(a.request_rate[1] == Approx(11.0));
  CHECK(a.error_ratio[1] == Approx(1.0 / 11));
  // From k = 4 the full minute; 503s from k = 5.
  CHECK(a.request_rate[4] == Approx(11.0));
  CHECK(a.request_rate[8] == Approx(12.0));
  CHECK(a.error_ratio[8] == Approx(2.0 / 12));
  CHECK(a.request_rate[6] == Approx((4 * 165.0 + 2 * 15.0) / 60));

  const ServiceSeries& b = run.services[1];
  CHECK(b.request_rate[10] == Approx(100.0 / 15));
  CHECK(b.error_ratio[10] == Approx(1.0));
}

TEST_CASE("no answers in the window: a zero rate and no ratio", "[viewer][series]") {
  MetricStore m;
  scrape(m, "requests_total", {{"service", "a"}, {"code", "200"}}, 9,
         [](int k) { return k < 3 ? 30.0 * k : 60.0; });
  const RunSeries run = derive_series(m, {service("a")}, kStep, 2 * kMinute, kMinute);
  const ServiceSeries& a = run.services[0];
  CHECK(a.request_rate[2] == Approx(2.0));
  CHECK(a.request_rate[8] == 0.0f);
  CHECK(std::isnan(a.error_ratio[8]));
  CHECK(std::isnan(a.p99_seconds[8]));
}

TEST_CASE("counters carry their value across missing and stale scrapes", "[viewer][series]") {
  MetricStore m;
  const SeriesId id = m.intern("requests_total", {{"service", "a"}, {"code", "200"}});
  m.append(id, 0, 0);
  m.append(id, kStep, 15);
  m.mark_stale(id, 2 * kStep);
  // No scrape at 3 x step; the counter resumes at 4 x step.
  m.append(id, 4 * kStep, 75);
  m.append(id, 5 * kStep, 90);
  const RunSeries run = derive_series(m, {service("a")}, kStep, 5 * kStep, kStep);
  const ServiceSeries& a = run.services[0];
  CHECK(a.request_rate[1] == Approx(1.0));
  CHECK(a.request_rate[2] == 0.0f);
  CHECK(a.request_rate[3] == 0.0f);
  CHECK(a.request_rate[4] == Approx(4.0));
  CHECK(a.request_rate[5] == Approx(1.0));
}

TEST_CASE("p99 interpolates inside the bucket holding the rank", "[viewer][series]") {
  // Per scrape: `in_fast` answers at or under 0.1s, `in_slow` more at or
  // under 0.5s, `in_inf` more above.
  auto p99_of = [](double in_fast, double in_slow, double in_inf) {
    MetricStore m;
    scrape(m, "request_duration_seconds_bucket", {{"service", "a"}, {"le", "0.1"}}, 3,
           [&](int k) { return in_fast * k; });
    scrape(m, "request_duration_seconds_bucket", {{"service", "a"}, {"le", "0.5"}}, 3,
           [&](int k) { return (in_fast + in_slow) * k; });
    scrape(m, "request_duration_seconds_bucket", {{"service", "a"}, {"le", "+Inf"}}, 3,
           [&](int k) { return (in_fast + in_slow + in_inf) * k; });
    return derive_series(m, {service("a")}, kStep, 2 * kStep, kMinute).services[0].p99_seconds;
  };
  // Rank 99 of 100: 9 of the 10 answers between 0.1s and 0.5s.
  CHECK(p99_of(90, 10, 0)[2] == Approx(0.1 + 0.4 * 9 / 10));
  // Rank 99 lies exactly at the top of the 0.5s bucket.
  CHECK(p99_of(90, 9, 1)[2] == Approx(0.5));
  // Rank in the +Inf bucket: the largest finite bound, as Prometheus answers.
  CHECK(p99_of(50, 48, 2)[2] == Approx(0.5));
  // Rank in the first bucket: interpolated from 0.
  CHECK(p99_of(100, 0, 0)[2] == Approx(0.099));
  // No answers: no quantile.
  CHECK(std::isnan(p99_of(0, 0, 0)[2]));
  CHECK(std::isnan(p99_of(90, 10, 0)[0]));
}

TEST_CASE("gauges land on the grid, NaN where nothing was scraped", "[viewer][series]") {
  MetricStore m;
  // Two replicas; the second is OOM-killed after 2 x step and back at 4.
  const SeriesId r0 = m.intern("memory_bytes", {{"service", "a"}, {"instance", "a-0"}});
  const SeriesId r1 = m.intern("memory_bytes", {{"service", "a"}, {"instance", "a-1"}});
  for (int k = 0; k <= 5; ++k) m.append(r0, k * kStep, 100.0 + k);
  m.append(r1, 0, 50);
  m.append(r1, kStep, 200);
  m.append(r1, 2 * kStep, 300);
  m.mark_stale(r1, 3 * kStep);
  m.append(r1, 4 * kStep, 10);
  // A sample between scrapes is not on the grid.
  m.append(r1, 4 * kStep + kSecond, 999);
  m.append(r1, 5 * kStep, 20);
  scrape(m, "memory_limit_bytes", {{"service", "a"}}, 6, [](int) { return 512.0; });
  scrape(m, "cpu_utilization", {{"service", "a"}}, 6, [](int k) { return 0.1 * k; });
  scrape(m, "replicas_up", {{"service", "a"}}, 6, [](int k) { return k == 3 ? 1.0 : 2.0; });
  scrape(m, "replicas_desired", {{"service", "a"}}, 6, [](int) { return 2.0; });
  // The cpu of a service that is not scraped at all.
  const RunSeries run = derive_series(m, {service("a"), service("b")}, kStep, 5 * kStep, kMinute);
  const ServiceSeries& a = run.services[0];
  // The largest replica's memory.
  CHECK(a.memory_bytes == std::vector<float>{100, 200, 300, 103, 104, 105});
  CHECK(a.memory_limit[3] == 512.0f);
  CHECK(a.cpu[5] == Approx(0.5));
  CHECK(a.replicas_up[3] == 1.0f);
  CHECK(a.replicas_desired[3] == 2.0f);

  const ServiceSeries& b = run.services[1];
  for (std::size_t k = 0; k < run.scrapes; ++k) {
    CHECK(std::isnan(b.memory_bytes[k]));
    CHECK(std::isnan(b.memory_limit[k]));
    CHECK(std::isnan(b.cpu[k]));
    CHECK(std::isnan(b.replicas_up[k]));
  }
}

TEST_CASE("saturation is work in hand over the workers of the replicas up", "[viewer][series]") {
  MetricStore m;
  scrape(m, "replicas_up", {{"service", "a"}}, 3, [](int k) { return k == 2 ? 0.0 : 2.0; });
  scrape(m, "inflight_requests", {{"service", "a"}}, 3, [](int) { return 12.0; });
  scrape(m, "queue_depth", {{"service", "a"}}, 3, [](int k) { return 4.0 * k; });
  const RunSeries run = derive_series(m, {service("a", 8)}, kStep, 2 * kStep, kMinute);
  const ServiceSeries& a = run.services[0];
  CHECK(a.saturation[0] == Approx(12.0 / 16));
  CHECK(a.saturation[1] == Approx(16.0 / 16));
  // No replica up: no capacity to be a share of.
  CHECK(std::isnan(a.saturation[2]));
}

TEST_CASE("edges sum their outcomes, one per caller and callee", "[viewer][series]") {
  ServiceSpec front = service("front");
  CallSpec call;
  call.to = "db";
  call.to_index = 1;
  front.calls = {call, call};  // the same edge twice (two calls to db)
  MetricStore m;
  scrape(m, "calls_total", {{"from", "front"}, {"to", "db"}, {"outcome", "ok"}}, 5,
         [](int k) { return 27.0 * k; });
  scrape(m, "calls_total", {{"from", "front"}, {"to", "db"}, {"outcome", "timeout"}}, 5,
         [](int k) { return 3.0 * k; });
  // User traffic from outside the graph is no edge of it.
  scrape(m, "calls_total", {{"from", "ingress"}, {"to", "front"}, {"outcome", "ok"}}, 5,
         [](int k) { return 10.0 * k; });
  const RunSeries run = derive_series(m, {front, service("db")}, kStep, 4 * kStep, kMinute);
  REQUIRE(run.edges.size() == 1);
  const EdgeSeries& e = run.edges[0];
  CHECK(e.from == 0);
  CHECK(e.to == 1);
  CHECK(std::isnan(e.call_rate[0]));
  CHECK(e.call_rate[4] == Approx(2.0));
  CHECK(e.failure_ratio[4] == Approx(0.1));
}

TEST_CASE("a counter that goes down was reset and keeps counting", "[viewer][series]") {
  MetricStore m;
  // 150 answers a scrape (10/s), reset to 0 at scrape 5 as a restarted
  // process would.
  scrape(m, "requests_total", {{"service", "a"}, {"code", "200"}}, 9,
         [](int k) { return k < 5 ? 150.0 * k : 150.0 * (k - 5); });
  const RunSeries run = derive_series(m, {service("a")}, kStep, 2 * kMinute, kMinute);
  const ServiceSeries& a = run.services[0];
  for (std::size_t k = 4; k < run.scrapes; ++k) {
    INFO("scrape " << k);
    // Over the reset the window counts the 0 -> 0 step as nothing lost,
    // never a negative rate.
    CHECK(a.request_rate[k] >= 0);
  }
  CHECK(a.request_rate[4] == Approx(10));
  CHECK(a.request_rate[8] == Approx(7.5));  // one scrape of the window was the reset
}
