// Functions over range vectors. Expected values come from promtool 2.42 on
// the same series (compared exactly: the arithmetic must match to the bit).
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/sim/promql/eval_test_support.h"

namespace firedrill::promql {
namespace {

using testing::add_series;
using testing::eval_single;
using testing::eval_vector;
using Result = std::map<std::string, double>;

MetricStore counters() {
  MetricStore store;
  // Instance a resets to 3 at 3m.
  add_series(store, "http_requests_total", {{"job", "api"}, {"instance", "a"}},
             "0 10 25 3 18 40 60");
  add_series(store, "http_requests_total", {{"job", "api"}, {"instance", "b"}}, "5 5 5 5 5 5 5");
  add_series(store, "g", {{"x", "1"}}, "0.1 0.2 0.3 0.7 1e16 1 -1e16 0.1");
  add_series(store, "c", {{"x", "1"}}, "1 3 2 8 9 27 1 5");
  return store;
}

constexpr const char* kA = R"({instance="a", job="api"})";
constexpr const char* kB = R"({instance="b", job="api"})";

TEST_CASE("rate and increase extrapolate and add counter resets") {
  MetricStore store = counters();
  CHECK(eval_vector(store, "rate(http_requests_total[5m])", 6 * kMinute) ==
        Result{{kA, 0.25}, {kB, 0}});
  CHECK(eval_vector(store, "increase(http_requests_total[5m])", 6 * kMinute) ==
        Result{{kA, 75}, {kB, 0}});
  CHECK(eval_vector(store, "rate(http_requests_total[3m] offset 1m)", 6 * kMinute) ==
        Result{{kA, 2.2222222222222224e-01}, {kB, 0}});
  CHECK(eval_vector(store, "rate(http_requests_total[2m])", 5 * kMinute + 30 * kSecond) ==
        Result{{kA, 3.6666666666666664e-01}, {kB, 0}});
  CHECK(eval_single(store, "rate(c[5m])", 7 * kMinute) == 0.1);
}

TEST_CASE("rate needs two samples in the range") {
  MetricStore store = counters();
  CHECK(eval_vector(store, "rate(http_requests_total[1m])", 30 * kSecond).empty());
  CHECK(eval_vector(store, "increase(c[59s])", 7 * kMinute).empty());
}

TEST_CASE("irate and idelta use the last two samples") {
  MetricStore store = counters();
  CHECK(eval_vector(store, "irate(http_requests_total[5m])", 6 * kMinute) ==
        Result{{kA, 3.333333333333333e-01}, {kB, 0}});
  // After the reset irate takes the new value as the increase.
  CHECK(eval_vector(store, "irate(http_requests_total[5m])", 3 * kMinute) ==
        Result{{kA, 5e-02}, {kB, 0}});
  CHECK(eval_single(store, "idelta(c[5m])", 6 * kMinute) == -26);
}

TEST_CASE("delta extrapolates without counter semantics") {
  MetricStore store = counters();
  CHECK(eval_single(store, "delta(c[4m])", 7 * kMinute) == -3);
  CHECK(eval_single(store, "delta(c[4m30s])", 7 * kMinute) == -3.375);
}

TEST_CASE("deriv and predict_linear use least squares") {
  MetricStore store = counters();
  CHECK(eval_single(store, "deriv(c[7m])", 7 * kMinute) == 1.865079365079365e-02);
  CHECK(eval_single(store, "predict_linear(c[7m], 100)", 7 * kMinute) == 1.2781746031746032e+01);
  CHECK(eval_single(store, "deriv(g[3m])", 3 * kMinute) == 3.1666666666666666e-03);
  CHECK(eval_single(store, "predict_linear(g[3m], 33.3)", 3 * kMinute) == 7.154499999999999e-01);
}

TEST_CASE("sum, avg and stddev over time use compensated sums") {
  MetricStore store = counters();
  CHECK(eval_single(store, "sum_over_time(g[3m])", 2 * kMinute) == 0.6);
  CHECK(eval_single(store, "avg_over_time(g[3m])", 2 * kMinute) == 1.9999999999999998e-01);
  CHECK(eval_single(store, "sum_over_time(g[10m])", 7 * kMinute) == 2.4);
  CHECK(eval_single(store, "avg_over_time(g[10m])", 7 * kMinute) == 3.6875e-01);
  CHECK(eval_single(store, "stddev_over_time(g[3m])", 3 * kMinute) == 2.2776083947860745e-01);
  CHECK(eval_single(store, "stdvar_over_time(c[7m])", 7 * kMinute) == 65.25);
  CHECK(eval_single(store, "avg_over_time(c[7m])", 7 * kMinute) == 7);
}

TEST_CASE("min, max, count, last, present and quantile over time") {
  MetricStore store = counters();
  CHECK(eval_single(store, "min_over_time(c[7m])", 7 * kMinute) == 1);
  CHECK(eval_single(store, "max_over_time(c[7m])", 7 * kMinute) == 27);
  CHECK(eval_single(store, "count_over_time(c[3m])", 7 * kMinute) == 4);
  CHECK(eval_single(store, "quantile_over_time(0.3, c[7m])", 7 * kMinute) == 2.1);
  CHECK(eval_single(store, "quantile_over_time(1.5, c[7m])", 7 * kMinute) == INFINITY);
  CHECK(eval_single(store, "quantile_over_time(-1, c[7m])", 7 * kMinute) == -INFINITY);
  // last_over_time is the one range function that keeps the metric name.
  CHECK(eval_vector(store, "last_over_time(c[3m])", 7 * kMinute) == Result{{R"(c{x="1"})", 5}});
  CHECK(eval_vector(store, "present_over_time(c[3m])", 7 * kMinute) == Result{{R"({x="1"})", 1}});
}

TEST_CASE("changes and resets count value changes and decreases") {
  MetricStore store = counters();
  CHECK(eval_single(store, "resets(c[7m])", 7 * kMinute) == 2);
  CHECK(eval_vector(store, "changes(http_requests_total[7m])", 7 * kMinute) ==
        Result{{kA, 6}, {kB, 0}});
}

TEST_CASE("absent_over_time reports a range without samples") {
  MetricStore store = counters();
  CHECK(eval_vector(store, R"(absent_over_time(nothing{job="x", y=~"z"}[5m]))", 0) ==
        Result{{R"({job="x"})", 1}});
  CHECK(eval_vector(store, "absent_over_time(c[5m])", 0).empty());
  // c's last sample is at 7m: a 1m range at 9m holds nothing.
  CHECK(eval_vector(store, "absent_over_time(c[1m])", 9 * kMinute) == Result{{"{}", 1}});
}

}  // namespace
}  // namespace firedrill::promql
