// Functions over instant vectors and scalars, checked against promtool 2.42.
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/sim/promql/eval_fixtures.h"

namespace firedrill::promql {
namespace {

using testing::add_series;
using testing::eval_single;
using testing::eval_text;
using testing::eval_vector;
using testing::fleet;
using Result = std::map<std::string, double>;

MetricStore values() {
  MetricStore store;
  add_series(store, "v", {{"x", "a"}}, "-2.5");
  add_series(store, "v", {{"x", "b"}}, "2.5");
  add_series(store, "v", {{"x", "c"}}, "0.7");
  add_series(store, "v", {{"x", "d"}}, "NaN");
  return store;
}

// The values of `text` by the x label, NaN included.
std::map<std::string, double> by_x(const MetricStore& store, std::string_view text) {
  std::map<std::string, double> out;
  for (const VectorElement& e : eval_text(store, text, 0).vector) {
    CHECK(label_value(e.labels, "__name__").empty());
    out[std::string(label_value(e.labels, "x"))] = e.value;
  }
  return out;
}

void check_values(const MetricStore& store, std::string_view text, double a, double b, double c) {
  INFO(text);
  auto result = by_x(store, text);
  REQUIRE(result.size() == 4);
  auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  CHECK(same(result["a"], a));
  CHECK(same(result["b"], b));
  CHECK(same(result["c"], c));
  CHECK(std::isnan(result["d"]));
}

TEST_CASE("math functions match Go's results and drop the name") {
  MetricStore store = values();
  check_values(store, "abs(v)", 2.5, 2.5, 0.7);
  check_values(store, "ceil(v)", -2, 3, 1);
  check_values(store, "floor(v)", -3, 2, 0);
  check_values(store, "sgn(v)", -1, 1, 1);
  check_values(store, "exp(v)", 8.20849986238988e-02, 1.2182493960703473e+01, 2.0137527074704766);
  check_values(store, "ln(v)", NAN, 9.162907318741551e-01, -3.5667494393873245e-01);
  check_values(store, "sqrt(v)", NAN, 1.5811388300841898, 8.366600265340756e-01);
  check_values(store, "log2(v)", NAN, 1.3219280948873622, -5.145731728297583e-01);
}

TEST_CASE("log2 and log10 are exact for powers") {
  MetricStore store = fleet();
  CHECK(eval_vector(store, "log2(limits)", 0) ==
        Result{{R"({instance="a", job="api"})", 6.643856189774724},
               {R"({instance="b", job="api"})", 5.643856189774724},
               {R"({instance="c", job="web"})", -INFINITY}});
  CHECK(eval_vector(store, "log10(limits)", 0) ==
        Result{{R"({instance="a", job="api"})", 2},
               {R"({instance="b", job="api"})", 1.6989700043360187},
               {R"({instance="c", job="web"})", -INFINITY}});
  CHECK(eval_single(store, "log2(vector(8))", 0) == 3);
}

TEST_CASE("round breaks ties upwards and rounds to a multiple") {
  MetricStore store = values();
  auto rounded = by_x(store, "round(v)");
  CHECK(rounded["a"] == -2);
  CHECK(rounded["b"] == 3);
  CHECK(rounded["c"] == 1);
  auto to_two = by_x(store, "round(v, 2)");
  CHECK(to_two["a"] == -2);
  CHECK(to_two["b"] == 2);
  CHECK(to_two["c"] == 0);
  CHECK(eval_vector(fleet(), "round(limits / 3, 0.1)", 0) ==
        Result{{R"({instance="a", job="api"})", 33.3},
               {R"({instance="b", job="api"})", 16.7},
               {R"({instance="c", job="web"})", 0}});
}

TEST_CASE("clamp functions keep NaN and an inverted clamp is empty") {
  MetricStore store = values();
  check_values(store, "clamp_min(v, 1)", 1, 2.5, 1);
  check_values(store, "clamp_max(v, 1)", -2.5, 1, 0.7);
  check_values(store, "clamp(v, 0, 1)", 0, 1, 0.7);
  CHECK(eval_vector(store, "clamp(v, 5, 1)", 0).empty());
}

TEST_CASE("time functions read values as Unix seconds in UTC") {
  MetricStore store;
  // 1e9 is 2001-09-09 01:46:40, a Sunday; 951782400 is 2000-02-29.
  CHECK(eval_single(store, "hour(vector(1e9))", 0) == 1);
  CHECK(eval_single(store, "minute(vector(1e9))", 0) == 46);
  CHECK(eval_single(store, "day_of_week(vector(1e9))", 0) == 0);
  CHECK(eval_single(store, "month(vector(951782400))", 0) == 2);
  CHECK(eval_single(store, "day_of_month(vector(951782400))", 0) == 29);
  CHECK(eval_single(store, "days_in_month(vector(951782400))", 0) == 29);
  CHECK(eval_single(store, "year(vector(-1))", 0) == 1969);
  CHECK(eval_single(store, "hour(vector(-1))", 0) == 23);
  CHECK(eval_single(store, "day_of_week(vector(-1))", 0) == 3);
  CHECK(eval_single(store, "days_in_month(vector(-1))", 0) == 31);
  // Without an argument: the evaluation time, which starts at 1970-01-01.
  CHECK(eval_single(store, "year()", 90 * kSecond) == 1970);
  CHECK(eval_single(store, "minute()", 90 * kSecond) == 1);
}

TEST_CASE("timestamp gives a selected sample's own time") {
  MetricStore store;
  add_series(store, "m", {{"x", "1"}}, "1 2", 40 * kSecond);
  CHECK(eval_vector(store, "timestamp(m)", 90 * kSecond) == Result{{R"({x="1"})", 40}});
  CHECK(eval_vector(store, "timestamp((m))", 90 * kSecond) == Result{{R"({x="1"})", 40}});
  // Of anything else it is the evaluation time.
  CHECK(eval_vector(store, "timestamp(m + 1)", 90 * kSecond) == Result{{R"({x="1"})", 90}});
}

TEST_CASE("vector, scalar and time convert between types") {
  MetricStore store = values();
  CHECK(eval_vector(store, "vector(3)", 0) == Result{{"{}", 3}});
  CHECK(std::isnan(eval_single(store, "scalar(v)", 0)));
  CHECK(eval_single(store, R"(scalar(v{x="c"}))", 0) == 0.7);
  CHECK(eval_single(store, "time()", 2 * kMinute) == 120);
}

TEST_CASE("absent reports a missing selector with its equality labels") {
  MetricStore store = fleet();
  CHECK(eval_vector(store, R"(absent(nonexistent{job="api", x=~"y"}))", 0) ==
        Result{{R"({job="api"})", 1}});
  CHECK(eval_vector(store, R"(absent(nonexistent{job="api", job="web"}))", 0) == Result{{"{}", 1}});
  CHECK(eval_vector(store, "absent(requests)", 0).empty());
  CHECK(eval_vector(store, "absent(sum(nonexistent))", 0) == Result{{"{}", 1}});
}

TEST_CASE("label_replace and label_join keep the name and edit labels") {
  MetricStore store = fleet();
  auto replaced =
      eval_vector(store, R"x(label_replace(requests, "svc", "$1-x", "job", "(a.*)"))x", 0);
  CHECK(replaced.count(R"(requests{code="200", instance="a", job="api", svc="api-x"})") == 1);
  CHECK(replaced.count(R"(requests{code="200", instance="c", job="web"})") == 1);
  auto joined = eval_vector(store, R"(label_join(requests, "id", "/", "job", "instance"))", 0);
  CHECK(joined.count(R"(requests{code="500", id="api/a", instance="a", job="api"})") == 1);
  // An empty replacement removes the label.
  MetricStore v = values();
  CHECK(eval_vector(v, R"(label_replace(v, "x", "", "x", "a"))", 0).count("v") == 1);
  CHECK(eval_vector(v, R"(label_replace(v, "x", "", "x", "y"))", 0).size() == 4);
  CHECK_THROWS_WITH(eval_text(v, R"(label_replace(v, "x", "", "x", ".*"))", 0),
                    "vector cannot contain metrics with the same labelset");
  CHECK_THROWS_WITH(eval_text(v, R"(label_replace(v, "1x", "", "x", "a"))", 0),
                    "invalid destination label name in label_replace(): 1x");
  CHECK_THROWS_WITH(eval_text(v, R"x(label_replace(v, "y", "", "x", "("))x", 0),
                    "invalid regular expression in label_replace(): (");
}

TEST_CASE("sort and sort_desc order by value with NaN first") {
  MetricStore store = values();
  Value sorted = eval_text(store, "sort(v)", 0);
  REQUIRE(sorted.vector.size() == 4);
  CHECK(std::isnan(sorted.vector[0].value));
  CHECK(sorted.vector[1].value == -2.5);
  CHECK(sorted.vector[3].value == 2.5);
  CHECK(label_value(sorted.vector[3].labels, "__name__") == "v");
  Value descending = eval_text(store, "sort_desc(v)", 0);
  CHECK(descending.vector[1].value == 2.5);
  CHECK(descending.vector[3].value == -2.5);
}

}  // namespace
}  // namespace firedrill::promql
