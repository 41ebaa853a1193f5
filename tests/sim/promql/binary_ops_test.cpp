// Binary operators and vector matching, checked against promtool 2.42.
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/sim/promql/eval_fixtures.h"

namespace firedrill::promql {
namespace {

using testing::eval_single;
using testing::eval_text;
using testing::eval_vector;
using testing::fleet;
using Result = std::map<std::string, double>;

TEST_CASE("arithmetic between scalars follows IEEE and Go") {
  MetricStore store;
  CHECK(eval_single(store, "7 % 3", 0) == 1);
  CHECK(eval_single(store, "-7 % 3", 0) == -1);
  CHECK(eval_single(store, "2 ^ 10", 0) == 1024);
  CHECK(eval_single(store, "1 / 0", 0) == INFINITY);
  CHECK(std::isnan(eval_single(store, "0 / 0", 0)));
  CHECK(eval_single(store, "2 > bool 1", 0) == 1);
  CHECK(eval_single(store, "2 < bool 1", 0) == 0);
}

TEST_CASE("power follows Go's math.Pow to the last bit") {
  MetricStore store;
  testing::add_series(store, "p", {{"x", "a"}}, "1.1");
  testing::add_series(store, "p", {{"x", "b"}}, "3.3");
  testing::add_series(store, "p", {{"x", "c"}}, "2.5");
  testing::add_series(store, "p", {{"x", "d"}}, "1.0001");
  auto check = [&](std::string_view expr, Result expected) {
    INFO(expr);
    CHECK(eval_vector(store, expr, 0) == expected);
  };
  // std::pow gives 0.02782647410746585 and 0.9997000599900016 here.
  check("p ^ -3", {{R"({x="a"})", 7.513148009015775e-01},
                   {R"({x="b"})", 2.7826474107465846e-02},
                   {R"({x="c"})", 6.4e-02},
                   {R"({x="d"})", 9.997000599900017e-01}});
  check("p ^ 7", {{R"({x="a"})", 1.9487171000000012},
                  {R"({x="b"})", 4.261844297699999e+03},
                  {R"({x="c"})", 6.103515625e+02},
                  {R"({x="d"})", 1.0007002100350033}});
  check("p ^ 10000", {{R"({x="a"})", INFINITY},
                      {R"({x="b"})", INFINITY},
                      {R"({x="c"})", INFINITY},
                      {R"({x="d"})", 2.718145926824356}});
  // A fractional exponent goes through exp and log, where Go's and the C
  // library's results can differ in the last bit (3.3 ^ 2.7 does).
  auto fractional = eval_vector(store, "p ^ 2.7", 0);
  CHECK(fractional[R"({x="a"})"] == 1.293481584348763);
  CHECK(fractional[R"({x="b"})"] == Approx(2.5118149308859717e+01).epsilon(1e-15));
  CHECK(fractional[R"({x="c"})"] == 1.1869653014568343e+01);
  CHECK(fractional[R"({x="d"})"] == 1.0002700229505355);
  check("p ^ 0.5", {{R"({x="a"})", 1.0488088481701516},
                    {R"({x="b"})", 1.816590212458495},
                    {R"({x="c"})", 1.5811388300841898},
                    {R"({x="d"})", 1.0000499987500624}});
  CHECK(eval_single(store, "0 ^ -1", 0) == INFINITY);
  CHECK(std::isnan(eval_single(store, "(-8) ^ (1/3)", 0)));
}

TEST_CASE("vector and scalar arithmetic drops the name, comparison filters") {
  MetricStore store = fleet();
  CHECK(eval_vector(store, "limits % 7 ^ 2", 0) == Result{{R"({instance="a", job="api"})", 2},
                                                          {R"({instance="b", job="api"})", 1},
                                                          {R"({instance="c", job="web"})", 0}});
  const Result big = {{R"(requests{code="200", instance="a", job="api"})", 10},
                      {R"(requests{code="200", instance="b", job="api"})", 7}};
  CHECK(eval_vector(store, "requests > 5", 0) == big);
  CHECK(eval_vector(store, "5 < requests", 0) == big);
  CHECK(eval_vector(store, "requests > bool 5", 0) ==
        Result{{R"({code="200", instance="a", job="api"})", 1},
               {R"({code="200", instance="b", job="api"})", 1},
               {R"({code="200", instance="c", job="web"})", 0},
               {R"({code="500", instance="a", job="api"})", 0}});
  CHECK(eval_vector(store, "10 - limits", 0).at(R"({instance="a", job="api"})") == -90);
}

TEST_CASE("one-to-one matching uses all labels but the name") {
  MetricStore store = fleet();
  CHECK(eval_vector(store, "sum by (job, instance) (requests) / limits", 0) ==
        Result{{R"({instance="a", job="api"})", 0.12},
               {R"({instance="b", job="api"})", 0.14},
               {R"({instance="c", job="web"})", INFINITY}});
  // The code label keeps requests from matching limits.
  CHECK(eval_vector(store, "requests + limits", 0).empty());
  // on(...) keeps only the listed labels.
  CHECK(eval_vector(store, R"(requests{code="500"} + on(instance) limits)", 0) ==
        Result{{R"({instance="a"})", 102}});
  CHECK(eval_vector(store, R"(requests{code="500"} > ignoring(code) limits - 99)", 0) ==
        Result{{R"(requests{instance="a", job="api"})", 2}});
}

TEST_CASE("group_left matches many to one and copies include labels") {
  MetricStore store = fleet();
  const Result ratios = {{R"({code="200", instance="a", job="api"})", 0.1},
                         {R"({code="200", instance="b", job="api"})", 0.14},
                         {R"({code="200", instance="c", job="web"})", INFINITY},
                         {R"({code="500", instance="a", job="api"})", 0.02}};
  CHECK(eval_vector(store, "requests / on(job, instance) group_left limits", 0) == ratios);
  CHECK(eval_vector(store, "requests / ignoring(code) group_left limits", 0) == ratios);
  const Result with_team = {{R"({instance="a", job="api", team="core"})", 100},
                            {R"({instance="b", job="api", team="core"})", 50},
                            {R"({instance="c", job="web", team="edge"})", 0}};
  CHECK(eval_vector(store, "limits * on(job) group_left(team) info", 0) == with_team);
  CHECK(eval_vector(store, "info * on(job) group_right(team) limits", 0) == with_team);
}

TEST_CASE("vector comparisons filter keeping the name, bool drops it") {
  MetricStore store = fleet();
  CHECK(eval_vector(store, "requests < ignoring(code) group_left limits", 0) ==
        Result{{R"(requests{code="200", instance="a", job="api"})", 10},
               {R"(requests{code="200", instance="b", job="api"})", 7},
               {R"(requests{code="500", instance="a", job="api"})", 2}});
  CHECK(eval_vector(store, "limits > bool ignoring(nothing) sum by (job, instance) (requests)",
                    0) == Result{{R"({instance="a", job="api"})", 1},
                                 {R"({instance="b", job="api"})", 1},
                                 {R"({instance="c", job="web"})", 0}});
}

TEST_CASE("matching errors use Prometheus' wording") {
  MetricStore store = fleet();
  CHECK_THROWS_WITH(
      eval_text(store, "requests / on(job) limits", 0),
      R"(found duplicate series for the match group {job="api"} on the right hand-side of the )"
      R"(operation: [{__name__="limits", instance="b", job="api"}, {__name__="limits", )"
      R"(instance="a", job="api"}];many-to-many matching not allowed: matching labels must be )"
      R"(unique on one side)");
  CHECK_THROWS_WITH(eval_text(store, "limits / on(job) group_right requests", 0),
                    Catch::StartsWith("found duplicate series for the match group "
                                      R"({job="api"} on the left hand-side)"));
  CHECK_THROWS_WITH(
      eval_text(store, "sum by (job) (requests) * on() group_left info", 0),
      Catch::StartsWith("found duplicate series for the match group {} on the right"));
  CHECK_THROWS_WITH(eval_text(store, "requests + on(job, instance) limits", 0),
                    "multiple matches for labels: many-to-one matching must be explicit "
                    "(group_left/group_right)");
  // Copying code="x" onto both of instance a's series makes them the same.
  CHECK_THROWS_WITH(eval_text(store,
                              "requests * on(job, instance) group_left(code) "
                              R"(label_replace(limits, "code", "x", "", ""))",
                              0),
                    "multiple matches for labels: grouping labels must ensure unique matches");
  CHECK(eval_vector(store, "info + on(job) sum by (job, team) (info)", 0) ==
        Result{{R"({job="api"})", 2}, {R"({job="web"})", 2}});
}

TEST_CASE("and, or and unless match sets of elements") {
  MetricStore store = fleet();
  CHECK(eval_vector(store, "requests and on(job) info", 0).size() == 4);
  CHECK(eval_vector(store, R"(requests unless on(job) info{team="core"})", 0) ==
        Result{{R"(requests{code="200", instance="c", job="web"})", 4}});
  CHECK(eval_vector(store, "limits or info", 0) ==
        Result{{R"(info{job="api", team="core"})", 1},
               {R"(info{job="web", team="edge"})", 1},
               {R"(limits{instance="a", job="api"})", 100},
               {R"(limits{instance="b", job="api"})", 50},
               {R"(limits{instance="c", job="web"})", 0}});
  CHECK(eval_vector(store, R"(limits and limits{instance="a"})", 0) ==
        Result{{R"(limits{instance="a", job="api"})", 100}});
  CHECK(eval_vector(store, R"(limits unless limits{instance="a"})", 0).size() == 2);
  CHECK(eval_vector(store, "limits and nothing", 0).empty());
  CHECK(eval_vector(store, "nothing or limits", 0).size() == 3);
}

}  // namespace
}  // namespace firedrill::promql
