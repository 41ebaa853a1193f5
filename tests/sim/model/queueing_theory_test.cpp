// The service model against queueing theory: a service with exponential
// service times, Poisson arrivals, c workers and an unbounded-enough queue is
// an M/M/c queue, whose mean response time is known exactly (Erlang C).
#include <catch2/catch.hpp>

#include <cmath>

#include "run_reading.h"
#include "scenario_builder.h"
#include "sim/model/simulation.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

// Probability of waiting in an M/M/c queue with offered load a = lambda/mu.
double erlang_c(int c, double a) {
  double term = 1, sum = 0;  // term = a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term * c / (c - a);  // a^c / c! * c / (c - a)
  return top / (sum + top);
}

// Mean response time (waiting + service) of M/M/c, in seconds.
double mmc_response_time(int c, double lambda, double mu) {
  return erlang_c(c, lambda / mu) / (c * mu - lambda) + 1.0 / mu;
}

struct Measured {
  double mean_response;   // seconds, from request_duration_seconds _sum / _count
  double throughput;      // requests per second answered
  double mean_in_system;  // time average of in-flight + queued requests
  double rejected;
};

Measured run_queue(int workers, double lambda, SimTime mean_service, SimTime duration,
                   SimTime scrape) {
  Scenario s = make_scenario(duration, scrape);
  add_service(s, "server", 1, workers, 1'000'000, mean_service);
  add_traffic(s, "server", lambda);
  Simulation sim(s, 12345);
  sim.run_until(duration);
  const MetricStore& m = sim.metrics();
  const double sum = last_value(m, "request_duration_seconds_sum", {{"service", "server"}});
  const double count = last_value(m, "request_duration_seconds_count", {{"service", "server"}});
  const SimTime warmup = duration / 20;
  return {sum / count, count / to_seconds(duration),
          mean_after(m, "inflight_requests", {{"service", "server"}}, warmup) +
              mean_after(m, "queue_depth", {{"service", "server"}}, warmup),
          last_value(m, "requests_total", {{"service", "server"}, {"code", "503"}})};
}

}  // namespace

TEST_CASE("Erlang C reference values", "[queueing]") {
  // M/M/1: W = 1 / (mu - lambda).
  CHECK(mmc_response_time(1, 800, 1000) == Approx(1.0 / 200));
  // Textbook value: c = 2, a = 1 gives P(wait) = 1/3.
  CHECK(erlang_c(2, 1.0) == Approx(1.0 / 3));
}

TEST_CASE("M/M/1 at utilisation 0.8 matches 1/(mu - lambda) within 3%", "[queueing]") {
  // mu = 1000/s (1 ms mean), lambda = 800/s: W = 5 ms. About 2.9 million requests.
  const Measured got = run_queue(1, 800, kMillisecond, kHour, kSecond);
  const double expected = mmc_response_time(1, 800, 1000);
  INFO("simulated mean response " << got.mean_response * 1e3 << " ms, analytic " << expected * 1e3
                                  << " ms");
  CHECK(got.mean_response == Approx(expected).epsilon(0.03));
  CHECK(got.throughput == Approx(800).epsilon(0.01));
  CHECK(got.rejected == 0);
}

TEST_CASE("M/M/4 at utilisation 0.9 matches Erlang C within 3%", "[queueing]") {
  // c = 4, mu = 1000/s per worker, lambda = 3600/s: rho = 0.9.
  const Measured got = run_queue(4, 3600, kMillisecond, kHour, kSecond);
  const double expected = mmc_response_time(4, 3600, 1000);
  INFO("simulated mean response " << got.mean_response * 1e3 << " ms, Erlang C " << expected * 1e3
                                  << " ms");
  CHECK(got.mean_response == Approx(expected).epsilon(0.03));
  CHECK(got.rejected == 0);
}

TEST_CASE("Little's law: requests in the system = throughput x response time", "[queueing]") {
  // Sample the number in the system every 100 ms so the time average is precise.
  const Measured got = run_queue(4, 3000, kMillisecond, 30 * kMinute, 100 * kMillisecond);
  const double little = got.throughput * got.mean_response;
  INFO("L = " << got.mean_in_system << ", lambda x W = " << little);
  CHECK(got.mean_in_system == Approx(little).epsilon(0.03));
}
