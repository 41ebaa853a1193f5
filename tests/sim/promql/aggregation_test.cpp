// Aggregation operators, checked against promtool 2.42 on the same series.
#include <catch2/catch.hpp>

#include "tests/sim/promql/eval_fixtures.h"

namespace firedrill::promql {
namespace {

using testing::eval_single;
using testing::eval_vector;
using testing::fleet;
using Result = std::map<std::string, double>;

TEST_CASE("sum, avg, min, max and count group by or without labels") {
  MetricStore store = fleet();
  CHECK(eval_vector(store, "sum(requests)", 0) == Result{{"{}", 23}});
  CHECK(eval_vector(store, "sum by (job) (requests)", 0) ==
        Result{{R"({job="api"})", 19}, {R"({job="web"})", 4}});
  CHECK(eval_vector(store, "sum without (code) (requests)", 0) ==
        Result{{R"({instance="a", job="api"})", 12},
               {R"({instance="b", job="api"})", 7},
               {R"({instance="c", job="web"})", 4}});
  // avg is a running mean, so the last bit depends on the input order:
  // series are read in creation order (10, 2, 7 for api). promtool creates
  // its series in random order and answers this or 6.333333333333333.
  CHECK(eval_vector(store, "avg by (job) (requests)", 0) ==
        Result{{R"({job="api"})", 6.333333333333334}, {R"({job="web"})", 4}});
  CHECK(eval_single(store, "min(requests)", 0) == 2);
  CHECK(eval_vector(store, "max by (instance) (requests)", 0) ==
        Result{{R"({instance="a"})", 10}, {R"({instance="b"})", 7}, {R"({instance="c"})", 4}});
  CHECK(eval_vector(store, "count without (instance, code) (requests)", 0) ==
        Result{{R"({job="api"})", 3}, {R"({job="web"})", 1}});
  CHECK(eval_vector(store, "group by (code) (requests)", 0) ==
        Result{{R"({code="200"})", 1}, {R"({code="500"})", 1}});
  // A label no element has groups everything together.
  CHECK(eval_vector(store, "sum by (nope) (requests)", 0) == Result{{"{}", 23}});
}

TEST_CASE("sum adds in input order without compensation") {
  MetricStore store;
  testing::add_series(store, "b", {{"x", "1"}}, "0.1");
  testing::add_series(store, "b", {{"x", "2"}}, "0.2");
  testing::add_series(store, "b", {{"x", "3"}}, "0.3");
  CHECK(eval_single(store, "sum(b)", 0) == 6.000000000000001e-01);
  CHECK(eval_single(store, "avg(b)", 0) == 0.2);
  CHECK(eval_single(store, "stddev(b)", 0) == 8.164965809277258e-02);
}

TEST_CASE("stddev and stdvar are population statistics") {
  MetricStore store = fleet();
  // Running statistics depend on the input order (creation order: 10, 2, 7,
  // 4); promtool creates series in random order and answers
  // 3.0310889132455356 for some orders.
  CHECK(eval_single(store, "stddev(requests)", 0) == 3.031088913245535);
  CHECK(eval_single(store, "stdvar(requests)", 0) == 9.1875);
}

TEST_CASE("topk and bottomk keep the chosen elements with their names") {
  MetricStore store = fleet();
  CHECK(eval_vector(store, "topk(2, requests)", 0) ==
        Result{{R"(requests{code="200", instance="a", job="api"})", 10},
               {R"(requests{code="200", instance="b", job="api"})", 7}});
  CHECK(eval_vector(store, "bottomk by (job) (1, requests)", 0) ==
        Result{{R"(requests{code="200", instance="c", job="web"})", 4},
               {R"(requests{code="500", instance="a", job="api"})", 2}});
  CHECK(eval_vector(store, "topk(0, requests)", 0).empty());
  CHECK(eval_vector(store, "topk(1.9, requests)", 0).size() == 1);
  CHECK(eval_vector(store, "topk(10, requests)", 0).size() == 4);
}

TEST_CASE("topk returns the largest first and treats NaN as the smallest") {
  MetricStore store;
  testing::add_series(store, "v", {{"x", "1"}}, "NaN");
  testing::add_series(store, "v", {{"x", "2"}}, "3");
  testing::add_series(store, "v", {{"x", "3"}}, "5");
  Value top = testing::eval_text(store, "topk(2, v)", 0);
  REQUIRE(top.vector.size() == 2);
  CHECK(top.vector[0].value == 5);
  CHECK(top.vector[1].value == 3);
  CHECK(eval_single(store, "bottomk(1, v)", 0) == 3);
  CHECK(eval_single(store, "max(v)", 0) == 5);
  CHECK(eval_single(store, "min(v)", 0) == 3);
}

TEST_CASE("quantile interpolates between ranks") {
  MetricStore store = fleet();
  CHECK(eval_single(store, "quantile(0.5, requests)", 0) == 5.5);
  CHECK(eval_vector(store, "quantile by (job) (0.9, requests)", 0) ==
        Result{{R"({job="api"})", 9.4}, {R"({job="web"})", 4}});
  CHECK(eval_single(store, "quantile(-0.5, requests)", 0) == -INFINITY);
  CHECK(eval_single(store, "quantile(1.5, requests)", 0) == INFINITY);
}

TEST_CASE("aggregating nothing gives nothing") {
  MetricStore store = fleet();
  CHECK(eval_vector(store, "sum(nothing)", 0).empty());
  CHECK(eval_vector(store, "count(nothing)", 0).empty());
}

}  // namespace
}  // namespace firedrill::promql
