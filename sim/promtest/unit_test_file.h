// A `promtool test rules` unit-test file, read and checked:
//
//   rule_files: [alerts.yml]        # relative to the test file's folder
//   evaluation_interval: 1m         # default 1m
//   group_eval_order: [a, b]        # optional
//   tests:
//     - interval: 1m                # as promtool 2.42: absent means 0, every sample at time 0
//       input_series: [{series: 'up{job="api"}', values: "1 1 0x5"}]
//       alert_rule_test: [{eval_time: 5m, alertname: X, exp_alerts: [{exp_labels,
//       exp_annotations}]}] promql_expr_test: [{expr: up, eval_time: 1m, exp_samples: [{labels:
//       'up{job="api"}', value: 1}]}] external_labels: {cluster: eu} external_url:
//       https://prometheus.example.com
//
//   UnitTestFile f = load_unit_test_file("tests/alerts.test.yml");  // throws InputError
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/base/time.h"
#include "sim/metrics/metric_store.h"
#include "sim/promql/ast.h"
#include "sim/promtest/series_values.h"

namespace firedrill::promtest {

struct InputSeries {
  std::string name;
  Labels labels;  // sorted, without __name__
  std::vector<SeriesValue> values;
};

struct ExpectedAlert {
  Labels labels;       // sorted; alertname included
  Labels annotations;  // sorted
};

struct AlertTest {
  SimTime eval_time = 0;
  std::string alertname;
  std::vector<ExpectedAlert> alerts;
};

struct ExpectedSample {
  Labels labels;  // sorted, __name__ included when the text names a metric
  double value = 0;
};

struct PromqlTest {
  std::string expr_text;
  promql::ExprPtr expr;
  SimTime eval_time = 0;
  std::vector<ExpectedSample> samples;
};

struct TestGroup {
  std::string name;
  SimTime interval = 0;
  std::vector<InputSeries> input_series;
  std::vector<AlertTest> alert_tests;
  std::vector<PromqlTest> promql_tests;
  Labels external_labels;  // sorted
  std::string external_url;
};

struct UnitTestFile {
  std::string path;
  std::vector<std::string> rule_files;  // resolved against the test file's folder
  SimTime evaluation_interval = kMinute;
  std::vector<std::string> group_eval_order;
  std::vector<TestGroup> tests;
};

// Reads a unit-test file from disk. Throws InputError with every problem found.
UnitTestFile load_unit_test_file(const std::string& path);

// Reads unit-test text; `path` names it in messages and anchors rule_files.
UnitTestFile parse_unit_test_file(std::string_view text, const std::string& path);

}  // namespace firedrill::promtest
