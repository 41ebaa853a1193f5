// histogram_quantile over classic buckets, checked against promtool 2.42.
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/sim/promql/eval_fixtures.h"

namespace firedrill::promql {
namespace {

using testing::add_series;
using testing::eval_vector;
using testing::fleet;
using Result = std::map<std::string, double>;

TEST_CASE("histogram_quantile interpolates within the bucket holding the rank") {
  MetricStore store = fleet();
  auto result = eval_vector(store, "histogram_quantile(0.5, lat_bucket)", 0);
  CHECK(result.at(R"({job="api"})") == 0.4);
  // web's 0.5 bucket (4) is below its 0.1 bucket (5): counts are forced up.
  CHECK(result.at(R"({job="web"})") == 0.1);
  // Without a +Inf bucket there is no answer.
  CHECK(std::isnan(result.at(R"({job="db"})")));
  result = eval_vector(store, "histogram_quantile(0.05, lat_bucket)", 0);
  CHECK(result.at(R"({job="api"})") == 0.025);
  CHECK(result.at(R"({job="web"})") == 1.0000000000000002e-02);
}

TEST_CASE("histogram_quantile answers the highest finite bound for the +Inf bucket") {
  MetricStore store = fleet();
  auto result = eval_vector(store, "histogram_quantile(0.99, lat_bucket)", 0);
  CHECK(result.at(R"({job="api"})") == 1);
  CHECK(result.at(R"({job="web"})") == 1);
}

TEST_CASE("histogram_quantile outside 0..1 is infinite") {
  MetricStore store = fleet();
  for (const auto& [labels, value] : eval_vector(store, "histogram_quantile(-1, lat_bucket)", 0)) {
    CHECK(value == -INFINITY);
  }
  for (const auto& [labels, value] : eval_vector(store, "histogram_quantile(2, lat_bucket)", 0)) {
    CHECK(value == INFINITY);
  }
}

TEST_CASE("histogram_quantile groups by every label but le and drops the name") {
  MetricStore store;
  add_series(store, "d_bucket", {{"svc", "x"}, {"le", "0.5"}}, "0");
  add_series(store, "d_bucket", {{"svc", "x"}, {"le", "+Inf"}}, "0");
  add_series(store, "d_bucket", {{"svc", "y"}, {"le", "+Inf"}}, "3");
  add_series(store, "d_bucket", {{"svc", "z"}, {"le", "-1"}}, "2");
  add_series(store, "d_bucket", {{"svc", "z"}, {"le", "+Inf"}}, "4");
  add_series(store, "d_bucket", {{"svc", "w"}, {"le", "2"}}, "4");
  add_series(store, "d_bucket", {{"svc", "w"}, {"le", "2.0"}}, "4");
  add_series(store, "d_bucket", {{"svc", "w"}, {"le", "+Inf"}}, "10");
  add_series(store, "d_bucket", {{"svc", "w"}, {"le", "junk"}}, "100");
  auto result = eval_vector(store, "histogram_quantile(0.5, d_bucket)", 0);
  REQUIRE(result.size() == 4);
  CHECK(std::isnan(result.at(R"({svc="x"})")));  // no observations
  CHECK(std::isnan(result.at(R"({svc="y"})")));  // a single bucket
  CHECK(result.at(R"({svc="z"})") == -1);        // a first bound <= 0 is the answer
  // "2" and "2.0" are one bucket of 8: rank 5 interpolates to 2 * 5 / 8.
  CHECK(result.at(R"({svc="w"})") == 1.25);
}

}  // namespace
}  // namespace firedrill::promql
