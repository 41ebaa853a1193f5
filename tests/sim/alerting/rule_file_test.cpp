// Rule files: what loads, and every problem reported at its file:line:column,
// including errors inside expressions and templates however the YAML scalar
// is written.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/alerting/rule_file.h"
#include "sim/alerting/template.h"

namespace firedrill {
namespace {

// Every diagnostic as "line:column: message".
std::vector<std::string> problems(const std::string& text) {
  std::vector<std::string> out;
  try {
    parse_rule_file(text, "rules.yml");
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics()) {
      CHECK(d.where.file == "rules.yml");
      out.push_back(std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " +
                    d.message);
    }
  }
  return out;
}

// The first diagnostic's "line:column".
std::string first_at(const std::string& text) {
  const std::vector<std::string> p = problems(text);
  if (p.empty()) return "no error";
  return p.front().substr(0, p.front().find(": "));
}

TEST_CASE("a rule file loads into groups of alerting and recording rules") {
  const auto groups = parse_rule_file(R"(groups:
- name: api
  interval: 30s
  limit: 10
  rules:
  - record: job:errors:rate5m
    expr: sum by (job) (rate(errors_total[5m]))
    labels:
      team: web
  - alert: HighErrors
    expr: job:errors:rate5m > 0.1
    for: 2m
    keep_firing_for: 5m
    labels:
      severity: page
    annotations:
      summary: "{{ $labels.job }} errors at {{ $value | humanizePercentage }}"
      description: plain
- name: empty
  rules: []
)",
                                      "rules.yml");
  REQUIRE(groups.size() == 2);
  const RuleGroupSpec& api = groups[0];
  CHECK(api.name == "api");
  CHECK(api.interval == 30 * kSecond);
  CHECK(api.limit == 10);
  REQUIRE(api.rules.size() == 2);
  CHECK(api.rules[0].kind == RuleSpec::Kind::kRecord);
  CHECK(api.rules[0].name == "job:errors:rate5m");
  CHECK(api.rules[0].expr != nullptr);
  CHECK(api.rules[0].labels.size() == 1);
  const RuleSpec& alert = api.rules[1];
  CHECK(alert.kind == RuleSpec::Kind::kAlert);
  CHECK(alert.for_duration == 2 * kMinute);
  CHECK(alert.keep_firing_for == 5 * kMinute);
  CHECK(alert.where.line == 10);
  REQUIRE(alert.annotations.size() == 2);
  CHECK(alert.annotations[0].name == "description");  // sorted by name
  CHECK(alert.annotations[1].template_ != nullptr);
  CHECK(groups[1].rules.empty());
}

TEST_CASE("an expression error is placed at its character in a plain or quoted scalar") {
  // As Prometheus: an unclosed parenthesis is reported at the end of the text.
  CHECK(first_at("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: sum(rate(x[5m])\n") ==
        "5:26");
  CHECK(problems("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: sum(\n").front() ==
        "5:15: could not parse the expression of alerting rule 'A': unclosed left parenthesis");
  CHECK(first_at("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: x ) + 1\n") == "5:13");
  // Double quoted, with escapes before the error: the column follows the source.
  CHECK(first_at("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: \"x{a=\\\"b\\\"} ) \"\n") ==
        "5:23");
  CHECK(first_at("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: 'x{a=''b''} ) '\n") ==
        "5:23");
}

TEST_CASE("an expression error is placed on its line in a block scalar") {
  const std::string literal =
      "groups:\n- name: g\n  rules:\n  - record: r\n    expr: |\n      sum by (job) (\n"
      "        rate(x[5m]) +\n        )\n";
  CHECK(first_at(literal) == "8:9");
  const std::string folded =
      "groups:\n- name: g\n  rules:\n  - record: r\n    expr: >-\n      sum by (job)\n"
      "      (rate(x[5m]) ))\n";
  CHECK(first_at(folded) == "7:21");
}

TEST_CASE("rule file problems are all reported with their places") {
  const std::vector<std::string> p = problems(R"(groups:
- name: g
  rules:
  - alert: A
    expr: up == 0
    for: 5x
  - record: rec
    expr: up
    annotations:
      x: y
  - alert: B
  - alert: C
    expr: up
    fro: 1m
  - alert: D
    expr: up
    annotations:
      s: "{{ humanise $value }}"
  - record: "bad name"
    expr: up
  - alert: E
    record: e
    expr: up
  - expr: up
- name: g
  rules: []
)");
  const std::vector<std::string> expected = {
      "6:10: 'for' is not a valid Prometheus duration, got '5x' (expected e.g. 30s, 5m, 1h30m)",
      "9:5: 'annotations' is only for alerting rules, and recording rule 'rec' is a recording "
      "rule",
      "11:5: missing required key 'expr' in rule 3 of rule group 'g' (alerting rule 'B')",
      "14:5: unknown key 'fro' in rule 4 of rule group 'g' (did you mean 'for'?)",
      "18:14: invalid template in annotation 's' of alerting rule 'D': function \"humanise\" not "
      "defined",
      "19:13: invalid recording rule name 'bad name' (expected a metric name: letters, digits, "
      "'_' and ':', not starting with a digit)",
      "22:5: a rule has either 'alert' or 'record', not both (rule 7 of rule group 'g')",
      "24:5: missing key 'alert' or 'record' in rule 8 of rule group 'g'",
      "25:9: rule group 'g' is repeated (first given at line 2)",
  };
  CHECK(p == expected);
}

TEST_CASE("rule group names must be given and not empty") {
  CHECK(problems("groups:\n- rules: []\n").front() ==
        "2:3: missing required key 'name' in a rule group");
  CHECK(problems("groups:\n- name: ''\n  rules: []\n").front() ==
        "2:9: a rule group's name must not be empty");
}

TEST_CASE("an empty rule file has no groups and bad YAML is an input error") {
  CHECK(parse_rule_file("", "rules.yml").empty());
  CHECK(first_at("groups: [\n") != "no error");
  CHECK_THROWS_AS(load_rule_file("/nonexistent/rules.yml"), InputError);
}

}  // namespace
}  // namespace firedrill
