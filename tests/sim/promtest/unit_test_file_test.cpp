// Reading promtool unit-test files: defaults, resolution of rule files, errors at line:column.
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/base/input_error.h"
#include "sim/promtest/unit_test_file.h"

namespace firedrill::promtest {
namespace {

std::string first_error(std::string_view text) {
  try {
    parse_unit_test_file(text, "dir/t.test.yml");
  } catch (const InputError& e) {
    return e.first().str();
  }
  return "no error";
}

TEST_CASE("a complete unit-test file reads with its defaults") {
  const UnitTestFile f = parse_unit_test_file(R"(rule_files: [alerts.yml, /abs/r.yml]
tests:
  - name: down
    interval: 30s
    external_labels: {cluster: eu}
    external_url: https://prom.example.com
    input_series:
      - series: 'up{job="api"}'
        values: "1 0x2"
    alert_rule_test:
      - eval_time: 2m
        alertname: InstanceDown
        exp_alerts:
          - exp_labels: {severity: page, alertname: Other}
            exp_annotations: {summary: down}
    promql_expr_test:
      - expr: up
        eval_time: 1m
        exp_samples:
          - labels: 'up{job="api"}'
            value: .nan
          - value: -.inf
)",
                                              "dir/t.test.yml");
  CHECK(f.rule_files == std::vector<std::string>{"dir/alerts.yml", "/abs/r.yml"});
  CHECK(f.evaluation_interval == kMinute);
  REQUIRE(f.tests.size() == 1);
  const TestGroup& g = f.tests[0];
  CHECK(g.interval == 30 * kSecond);
  CHECK(g.external_labels == Labels{{"cluster", "eu"}});
  REQUIRE(g.input_series.size() == 1);
  CHECK(g.input_series[0].name == "up");
  CHECK(g.input_series[0].values.size() == 4);
  REQUIRE(g.alert_tests.size() == 1);
  // The alert name is always the test's, as promtool sets it.
  CHECK(g.alert_tests[0].alerts[0].labels ==
        Labels{{"alertname", "InstanceDown"}, {"severity", "page"}});
  REQUIRE(g.promql_tests.size() == 1);
  const auto& samples = g.promql_tests[0].samples;
  REQUIRE(samples.size() == 2);
  CHECK(samples[0].labels == Labels{{"__name__", "up"}, {"job", "api"}});
  CHECK(std::isnan(samples[0].value));
  CHECK(samples[1].labels.empty());
  CHECK(samples[1].value == -INFINITY);
}

TEST_CASE("a test group without interval keeps 0, as promtool 2.42 does") {
  const UnitTestFile f = parse_unit_test_file("evaluation_interval: 2m\ntests:\n  - {}\n", "t.yml");
  CHECK(f.evaluation_interval == 2 * kMinute);
  CHECK(f.tests.at(0).interval == 0);
}

TEST_CASE("unknown keys are errors at their line and column") {
  CHECK_THAT(first_error("tests:\n  - interval: 1m\n    exp_alert: []\n"),
             Catch::StartsWith("dir/t.test.yml:3:5: error:"));
}

TEST_CASE("bad series values are placed at the offending item") {
  const std::string error =
      first_error("tests:\n  - input_series:\n      - series: up\n        values: 1 2 zz\n");
  CHECK_THAT(error, Catch::StartsWith("dir/t.test.yml:4:21: error:"));
  CHECK_THAT(error, Catch::Contains("'zz'"));
}

TEST_CASE("durations, expressions, sample values and alert names are checked") {
  CHECK_THAT(first_error("evaluation_interval: 5 minutes\n"),
             Catch::StartsWith("dir/t.test.yml:1:22: error:"));
  CHECK_THAT(first_error("tests:\n  - promql_expr_test:\n      - expr: sum(\n"),
             Catch::StartsWith("dir/t.test.yml:3:15: error: invalid expression"));
  CHECK_THAT(first_error("tests:\n  - promql_expr_test:\n      - expr: up\n        exp_samples:\n"
                         "          - value: Inf\n"),
             Catch::StartsWith("dir/t.test.yml:5:20: error: expected a number"));
  CHECK_THAT(first_error("tests:\n  - alert_rule_test:\n      - eval_time: 1m\n"),
             Catch::Contains("missing required key 'alertname'"));
}

TEST_CASE("rule file globs are rejected as unsupported") {
  CHECK_THAT(first_error("rule_files: ['rules/*.yml']\n"), Catch::Contains("not supported"));
}

TEST_CASE("malformed YAML is reported with its position") {
  CHECK_THAT(first_error("tests: [\n"), Catch::StartsWith("dir/t.test.yml:"));
}

TEST_CASE("input series values are bounded across the whole file") {
  std::string text = "tests:\n  - input_series:\n";
  for (int i = 0; i < 3; ++i) {
    text += "      - series: up{i=\"" + std::to_string(i) + "\"}\n        values: 1x4999999\n";
  }
  const std::string error = first_error(text);
  CHECK_THAT(error, Catch::StartsWith("dir/t.test.yml:8:17: error:"));
  CHECK_THAT(error, Catch::Contains("too many values"));
}

}  // namespace
}  // namespace firedrill::promtest
