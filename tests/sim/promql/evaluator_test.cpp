// Selectors, lookback, staleness, offsets and the value types of the
// evaluator. Expected values were checked with promtool 2.42.
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/sim/promql/eval_test_support.h"

namespace firedrill::promql {
namespace {

using testing::add_series;
using testing::eval_single;
using testing::eval_text;
using testing::eval_vector;
using Result = std::map<std::string, double>;

MetricStore staleness_store() {
  MetricStore store;
  add_series(store, "up", {{"job", "a"}}, "1 2");
  add_series(store, "up", {{"job", "b"}}, "1 2 stale");
  add_series(store, "m", {{"x", "1"}}, "1 2 3 4 5 6 7 8 9 10");
  return store;
}

TEST_CASE("an instant selector returns the latest sample with the metric name") {
  MetricStore store = staleness_store();
  CHECK(eval_vector(store, "up", 90 * kSecond) ==
        Result{{R"(up{job="a"})", 2}, {R"(up{job="b"})", 2}});
  CHECK(eval_vector(store, R"(up{job=~"a|c"})", 0) == Result{{R"(up{job="a"})", 1}});
  CHECK(eval_vector(store, R"({__name__="up", job!="a"})", 0) == Result{{R"(up{job="b"})", 1}});
}

TEST_CASE("a series without new samples stays visible for exactly the lookback") {
  MetricStore store = staleness_store();
  // The last sample of up{job="a"} is at 1m: visible through 6m inclusive.
  CHECK(eval_vector(store, "up", 6 * kMinute) == Result{{R"(up{job="a"})", 2}});
  CHECK(eval_vector(store, "up", 6 * kMinute + kMillisecond).empty());
  CHECK(eval_vector(store, "up", 6 * kMinute + 1).empty());
  EvalOptions short_lookback;
  short_lookback.lookback = 30 * kSecond;
  CHECK(eval_vector(store, "up", 100 * kSecond, short_lookback).empty());
  CHECK(eval_vector(store, "up", 90 * kSecond, short_lookback).size() == 2);
}

TEST_CASE("a gap in scrapes shows the old sample until the lookback ends") {
  MetricStore store;
  add_series(store, "gappy", {}, "1 _ _ _ _ _ _ 8");
  CHECK(eval_single(store, "gappy", 5 * kMinute) == 1);
  CHECK(eval_vector(store, "gappy", 5 * kMinute + kSecond).empty());
  CHECK(eval_single(store, "gappy", 7 * kMinute) == 8);
}

TEST_CASE("a staleness marker makes the series vanish at once") {
  MetricStore store = staleness_store();
  CHECK(eval_vector(store, "up", 2 * kMinute - kSecond).size() == 2);
  CHECK(eval_vector(store, "up", 2 * kMinute) == Result{{R"(up{job="a"})", 2}});
  CHECK(eval_vector(store, "up", 4 * kMinute) == Result{{R"(up{job="a"})", 2}});
  // Range selectors drop the marker but keep the earlier samples.
  CHECK(eval_vector(store, "count_over_time(up[5m])", 3 * kMinute) ==
        Result{{R"({job="a"})", 2}, {R"({job="b"})", 2}});
}

TEST_CASE("samples after the evaluation time are never read") {
  MetricStore store = staleness_store();
  CHECK(eval_single(store, "m", 150 * kSecond) == 3);
  CHECK(eval_single(store, "sum_over_time(m[1m])", 150 * kSecond) == 3);
}

TEST_CASE("offset moves selectors back in time") {
  MetricStore store = staleness_store();
  CHECK(eval_vector(store, "m offset 2m", 5 * kMinute) == Result{{R"(m{x="1"})", 4}});
  CHECK(eval_single(store, "sum_over_time(m[2m] offset 1m)", 5 * kMinute) == 12);
  CHECK(eval_vector(store, "m offset 20m", 5 * kMinute).empty());
}

TEST_CASE("range selectors include both ends of the range") {
  MetricStore store = staleness_store();
  CHECK(eval_single(store, "sum_over_time(m[2m])", 5 * kMinute) == 15);
  CHECK(eval_single(store, "count_over_time(m[1m59s])", 5 * kMinute) == 2);
  Value matrix = eval_text(store, "m[2m]", 5 * kMinute);
  REQUIRE(matrix.type == ValueType::kRangeVector);
  REQUIRE(matrix.matrix.size() == 1);
  CHECK(format_labels(matrix.matrix[0].labels) == R"(m{x="1"})");
  REQUIRE(matrix.matrix[0].samples.size() == 3);
  CHECK(matrix.matrix[0].samples[0].time == 3 * kMinute);
  CHECK(matrix.matrix[0].samples[2].value == 6);
}

TEST_CASE("scalars, strings and parentheses evaluate to their types") {
  MetricStore store;
  Value scalar = eval_text(store, "(1 + 2) * 3", 0);
  CHECK(scalar.type == ValueType::kScalar);
  CHECK(scalar.scalar == 9);
  Value string = eval_text(store, R"("text")", 0);
  CHECK(string.type == ValueType::kString);
  CHECK(string.string == "text");
  CHECK(eval_single(store, "-(2 ^ 2)", 0) == -4);
  CHECK(eval_single(store, "time()", 90 * kSecond) == 90);
}

TEST_CASE("unary minus drops the metric name") {
  MetricStore store = staleness_store();
  CHECK(eval_vector(store, "-m", 0) == Result{{R"({x="1"})", -1}});
  CHECK(eval_vector(store, "+m", 0) == Result{{R"(m{x="1"})", 1}});
}

TEST_CASE("dropping the metric name must not create duplicate label sets") {
  MetricStore store;
  add_series(store, "a", {{"x", "1"}}, "1");
  add_series(store, "b", {{"x", "1"}}, "2");
  CHECK_THROWS_WITH(eval_text(store, R"(-{__name__=~"a|b"})", 0),
                    "vector cannot contain metrics with the same labelset");
  CHECK_THROWS_AS(eval_text(store, R"(abs({__name__=~"a|b"}))", 0), EvalError);
  CHECK(eval_vector(store, R"({__name__=~"a|b"} > 0)", 0).size() == 2);
}

TEST_CASE("format_labels prints the name first and escapes values") {
  CHECK(format_labels({{"__name__", "up"}, {"job", "api"}, {"path", "a\"b\\c\nd"}}) ==
        R"(up{job="api", path="a\"b\\c\nd"})");
  CHECK(format_labels({{"__name__", "up"}}) == "up");
  CHECK(format_labels({}) == "{}");
  CHECK(label_value({{"a", "1"}, {"b", "2"}}, "b") == "2");
  CHECK(label_value({{"a", "1"}}, "c").empty());
}

}  // namespace
}  // namespace firedrill::promql
