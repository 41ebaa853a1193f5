// A small service fleet shared by the aggregation, operator and function
// tests: request counts by code, per-instance limits, team info and two
// latency histograms (one with a count that decreases, as happens between
// scrapes), plus one histogram without a +Inf bucket.
#pragma once

#include "tests/sim/promql/eval_test_support.h"

namespace firedrill::promql::testing {

inline MetricStore fleet() {
  MetricStore store;
  add_series(store, "requests", {{"job", "api"}, {"instance", "a"}, {"code", "200"}}, "10");
  add_series(store, "requests", {{"job", "api"}, {"instance", "a"}, {"code", "500"}}, "2");
  add_series(store, "requests", {{"job", "api"}, {"instance", "b"}, {"code", "200"}}, "7");
  add_series(store, "requests", {{"job", "web"}, {"instance", "c"}, {"code", "200"}}, "4");
  add_series(store, "limits", {{"job", "api"}, {"instance", "a"}}, "100");
  add_series(store, "limits", {{"job", "api"}, {"instance", "b"}}, "50");
  add_series(store, "limits", {{"job", "web"}, {"instance", "c"}}, "0");
  add_series(store, "info", {{"job", "api"}, {"team", "core"}}, "1");
  add_series(store, "info", {{"job", "web"}, {"team", "edge"}}, "1");
  const char* api[][2] = {{"0.1", "10"}, {"0.5", "30"}, {"1", "45"}, {"+Inf", "50"}};
  for (const auto& [le, count] : api) {
    add_series(store, "lat_bucket", {{"job", "api"}, {"le", le}}, count);
  }
  const char* web[][2] = {{"0.1", "5"}, {"0.5", "4"}, {"1", "9"}, {"+Inf", "10"}};
  for (const auto& [le, count] : web) {
    add_series(store, "lat_bucket", {{"job", "web"}, {"le", le}}, count);
  }
  add_series(store, "lat_bucket", {{"job", "db"}, {"le", "1"}}, "5");
  return store;
}

}  // namespace firedrill::promql::testing
