// Running unit tests: alert timing, firing-only comparison, exact values, rule errors.
#include <catch2/catch.hpp>
#include <fstream>

#include "sim/promtest/unit_test_file.h"
#include "sim/promtest/unit_test_runner.h"
#include "support/scratch_dir.h"

namespace firedrill::promtest {
namespace {

constexpr const char* kRules = R"(groups:
  - name: liveness
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: InstanceDown
        expr: up == 0
        for: 2m
        labels: {severity: page}
        annotations: {summary: "{{ $labels.instance }} down"}
)";

// Writes the rules next to a test file with `tests` and runs it.
std::vector<std::string> run(const std::string& tests, const char* rules = kRules) {
  testing::ScratchDir dir;
  std::ofstream(dir.file("rules.yml")) << rules;
  const std::string text = "rule_files: [rules.yml]\ntests:\n" + tests;
  std::ofstream(dir.file("t.test.yml")) << text;
  std::vector<std::string> warnings;
  return run_unit_tests(load_unit_test_file(dir.file("t.test.yml")), warnings);
}

const std::string kDownAt2m = R"(  - interval: 1m
    input_series:
      - series: 'up{job="api", instance="a"}'
        values: "1 1 0x6"
)";

std::string alert_at(const std::string& time, bool firing) {
  std::string s =
      "    alert_rule_test:\n      - eval_time: " + time + "\n        alertname: InstanceDown\n";
  if (firing) {
    s += "        exp_alerts:\n          - exp_labels: {severity: page, job: api, instance: a}\n"
         "            exp_annotations: {summary: a down}\n";
  }
  return s;
}

TEST_CASE("an alert with for 2m fires two evaluations after it became active") {
  CHECK(run(kDownAt2m + alert_at("3m", false)).empty());
  CHECK(run(kDownAt2m + alert_at("4m", true)).empty());
}

TEST_CASE("expecting a pending alert fails with expected and got") {
  const std::vector<std::string> failures = run(kDownAt2m + alert_at("3m", true));
  REQUIRE(failures.size() == 1);
  CHECK_THAT(failures[0], Catch::Contains("alertname: InstanceDown, time: 3m"));
  CHECK_THAT(failures[0], Catch::Contains("got:[]"));
}

TEST_CASE("an eval_time between evaluations sees the evaluation before it") {
  CHECK(run(kDownAt2m + alert_at("270s", true)).empty());
  CHECK(run(kDownAt2m + alert_at("230s", false)).empty());
}

TEST_CASE("promql_expr_test reads recorded series and compares values exactly") {
  const std::string query = R"(    promql_expr_test:
      - expr: job:up:sum
        eval_time: 1m
        exp_samples:
          - labels: 'job:up:sum{job="api"}'
            value: )";
  CHECK(run(kDownAt2m + query + "1\n").empty());
  const std::vector<std::string> failures = run(kDownAt2m + query + "1.0000001\n");
  REQUIRE(failures.size() == 1);
  CHECK_THAT(failures[0], Catch::Contains("exp: job:up:sum{job=\"api\"} 1.0000001"));
}

TEST_CASE("an expected NaN never matches") {
  const std::string test = kDownAt2m + R"(    promql_expr_test:
      - expr: 0 / 0
        eval_time: 0m
        exp_samples:
          - value: .nan
)";
  CHECK(run(test).size() == 1);
}

TEST_CASE("a rule evaluation error fails the test group") {
  const char* rules = R"(groups:
  - name: broken
    rules:
      - record: up:ratio
        expr: up / on (job) up
)";
  const std::vector<std::string> failures = run(R"(  - interval: 1m
    input_series:
      - series: 'up{job="api", instance="a"}'
        values: "1"
      - series: 'up{job="api", instance="b"}'
        values: "1"
    promql_expr_test:
      - expr: up
        eval_time: 1m
)",
                                                rules);
  REQUIRE(failures.size() == 1);
  CHECK_THAT(failures[0], Catch::StartsWith("    rule: up:ratio, time: 0s, err: "));
}

TEST_CASE("a missing rule file is a warning, as in promtool") {
  testing::ScratchDir dir;
  std::ofstream(dir.file("t.test.yml")) << "rule_files: [nowhere.yml]\ntests:\n  - {}\n";
  std::vector<std::string> warnings;
  CHECK(run_unit_tests(load_unit_test_file(dir.file("t.test.yml")), warnings).empty());
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Catch::Contains("nowhere.yml"));
}

TEST_CASE("samples beyond the end of the clock are left out, not overflowed") {
  // 200y is 6.3e15 microseconds: the 1465th value would be past INT64_MAX.
  const std::string tests = R"(  - interval: 200y
    input_series:
      - series: 'up{job="api", instance="a"}'
        values: "0x2000"
    promql_expr_test:
      - expr: up
        eval_time: 0s
        exp_samples:
          - labels: 'up{job="api", instance="a"}'
            value: 0
)";
  CHECK(run(tests).empty());
}

}  // namespace
}  // namespace firedrill::promtest
