// The alert state machine and recording rules evaluate as Prometheus 2.42's
// rule manager does: when alerts go pending, fire, resolve and disappear,
// what ALERTS holds, and where staleness markers go.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/alerting/rule_evaluator.h"
#include "sim/alerting/rule_file.h"

namespace firedrill {
namespace {

struct Harness {
  MetricStore store;
  RuleEvaluator rules;
  std::vector<AlertTransition> transitions;
  std::vector<RuleFailure> failures;

  explicit Harness(const std::string& rule_file)
      : rules(parse_rule_file(rule_file, "rules.yml"), {{"cluster", "eu"}}, "http://prom") {}

  // Writes `values` (one per minute from 0; NaN: no sample) for a series.
  void series(const std::string& name, Labels labels, const std::vector<double>& values) {
    const SeriesId id = store.intern(name, std::move(labels));
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i] == values[i]) store.append(id, static_cast<SimTime>(i) * kMinute, values[i]);
    }
  }
  void evaluate(SimTime t) { rules.evaluate_group(0, t, store, transitions, failures); }
  // The state of the only alert of rule `rule`, or "none".
  std::string state(std::size_t rule = 0) const {
    const std::vector<Alert> alerts = rules.alerts(0, rule);
    if (alerts.empty()) return "none";
    REQUIRE(alerts.size() == 1);
    return alert_state_name(alerts[0].state);
  }
  // The last sample of a series, or "absent" / "stale".
  std::string last(const std::string& name, const Labels& labels) const {
    const auto id = store.find(name, labels);
    if (!id || store.series(*id).samples.empty()) return "absent";
    const Sample s = store.series(*id).samples.back();
    if (is_stale_marker(s.value)) return "stale@" + std::to_string(s.time / kMinute) + "m";
    return std::to_string(static_cast<int>(s.value)) + "@" + std::to_string(s.time / kMinute) + "m";
  }
};

const char* const kForTwoMinutes = R"(groups:
- name: g
  rules:
  - alert: Down
    expr: up == 0
    for: 2m
    labels:
      severity: page
    annotations:
      summary: "{{ $labels.job }} down ({{ $value }}) in {{ $externalLabels.cluster }}"
)";

TEST_CASE("an alert with for 2m is pending at once and fires two minutes later") {
  Harness h(kForTwoMinutes);
  h.series("up", {{"job", "api"}}, {1, 0, 0, 0, 0, 1, 1});
  const Labels firing = {
      {"alertname", "Down"}, {"alertstate", "firing"}, {"job", "api"}, {"severity", "page"}};
  const Labels pending = {
      {"alertname", "Down"}, {"alertstate", "pending"}, {"job", "api"}, {"severity", "page"}};
  h.evaluate(0);
  CHECK(h.state() == "none");
  h.evaluate(1 * kMinute);
  CHECK(h.state() == "pending");
  CHECK(h.last("ALERTS", pending) == "1@1m");
  h.evaluate(2 * kMinute);
  CHECK(h.state() == "pending");
  h.evaluate(3 * kMinute);
  CHECK(h.state() == "firing");
  CHECK(h.last("ALERTS", firing) == "1@3m");
  CHECK(h.last("ALERTS", pending) == "stale@3m");
  const Alert alert = h.rules.alerts(0, 0).at(0);
  CHECK(alert.active_at == 1 * kMinute);
  CHECK(alert.fired_at == 3 * kMinute);
  CHECK(alert.annotations == Labels{{"summary", "api down (0) in eu"}});
  const Labels for_state = {{"alertname", "Down"}, {"job", "api"}, {"severity", "page"}};
  CHECK(h.last("ALERTS_FOR_STATE", for_state) == "60@3m");
  h.evaluate(4 * kMinute);
  h.evaluate(5 * kMinute);  // up is 1 again
  CHECK(h.state() == "inactive");
  CHECK(h.rules.alerts(0, 0).at(0).resolved_at == 5 * kMinute);
  CHECK(h.last("ALERTS", firing) == "stale@5m");

  REQUIRE(h.transitions.size() == 3);
  CHECK(h.transitions[0].from == AlertState::kInactive);
  CHECK(h.transitions[0].to == AlertState::kPending);
  CHECK(h.transitions[0].time == 1 * kMinute);
  CHECK(h.transitions[1].to == AlertState::kFiring);
  CHECK(h.transitions[1].time == 3 * kMinute);
  CHECK(h.transitions[2].from == AlertState::kFiring);
  CHECK(h.transitions[2].to == AlertState::kInactive);
  CHECK(h.transitions[2].group == "g");
  CHECK(h.transitions[2].rule == "Down");
  CHECK(h.failures.empty());
}

TEST_CASE("a resolved alert is kept 15 minutes, then forgotten") {
  Harness h(kForTwoMinutes);
  std::vector<double> up(40, 1);
  for (int m = 1; m <= 3; ++m) up[static_cast<std::size_t>(m)] = 0;
  h.series("up", {{"job", "api"}}, up);
  for (int m = 0; m <= 4; ++m) h.evaluate(m * kMinute);
  CHECK(h.state() == "inactive");  // resolved at 4m
  h.evaluate(19 * kMinute);        // 15 minutes later: not more than the retention
  CHECK(h.state() == "inactive");
  h.evaluate(20 * kMinute);
  CHECK(h.state() == "none");
}

TEST_CASE("an alert without for fires at its first evaluation") {
  Harness h(R"(groups:
- name: g
  rules:
  - alert: Down
    expr: up == 0
)");
  h.series("up", {{"job", "api"}}, {0});
  h.evaluate(0);
  CHECK(h.state() == "firing");
  REQUIRE(h.transitions.size() == 1);
  CHECK(h.transitions[0].from == AlertState::kInactive);
  CHECK(h.transitions[0].to == AlertState::kFiring);
}

TEST_CASE("a pending alert that disappears is dropped") {
  Harness h(kForTwoMinutes);
  h.series("up", {{"job", "api"}}, {0, 1});
  h.evaluate(0);
  CHECK(h.state() == "pending");
  h.evaluate(1 * kMinute);
  CHECK(h.state() == "none");
  REQUIRE(h.transitions.size() == 2);
  CHECK(h.transitions[1].from == AlertState::kPending);
  CHECK(h.transitions[1].to == AlertState::kInactive);
}

TEST_CASE("keep_firing_for keeps a firing alert firing after its condition clears") {
  Harness h(R"(groups:
- name: g
  rules:
  - alert: Down
    expr: up == 0
    keep_firing_for: 2m
)");
  h.series("up", {{"job", "api"}}, {0, 1, 1, 1, 0, 1});
  h.evaluate(0);
  CHECK(h.state() == "firing");
  h.evaluate(1 * kMinute);
  CHECK(h.state() == "firing");
  CHECK(h.rules.alerts(0, 0).at(0).keep_firing_since == 1 * kMinute);
  h.evaluate(2 * kMinute);
  CHECK(h.state() == "firing");
  h.evaluate(3 * kMinute);  // 2m since it went missing: resolves
  CHECK(h.state() == "inactive");
  h.evaluate(4 * kMinute);  // returns: a new pending-then-firing alert
  CHECK(h.state() == "firing");
  CHECK(h.rules.alerts(0, 0).at(0).active_at == 4 * kMinute);
}

TEST_CASE("recording rules feed later rules of the group at the same instant") {
  Harness h(R"(groups:
- name: g
  rules:
  - record: job:errors:sum
    expr: sum by (job) (errors)
    labels:
      kind: recorded
  - alert: ManyErrors
    expr: job:errors:sum > 5
  - record: total
    expr: scalar(sum(errors))
)");
  h.series("errors", {{"job", "api"}, {"pod", "a"}}, {1, 4});
  h.series("errors", {{"job", "api"}, {"pod", "b"}}, {1, 4});
  h.evaluate(0);
  CHECK(h.last("job:errors:sum", {{"job", "api"}, {"kind", "recorded"}}) == "2@0m");
  CHECK(h.state(1) == "none");
  CHECK(h.last("total", {}) == "2@0m");
  h.evaluate(1 * kMinute);
  CHECK(h.last("job:errors:sum", {{"job", "api"}, {"kind", "recorded"}}) == "8@1m");
  CHECK(h.state(1) == "firing");
  CHECK(h.rules.alerts(0, 1).at(0).labels ==
        Labels{{"alertname", "ManyErrors"}, {"job", "api"}, {"kind", "recorded"}});
}

TEST_CASE("a series a recording rule stops producing gets a staleness marker") {
  Harness h(R"(groups:
- name: g
  rules:
  - record: big
    expr: x > 1
)");
  h.series("x", {{"i", "1"}}, {2, 0});
  h.evaluate(0);
  CHECK(h.last("big", {{"i", "1"}}) == "2@0m");
  h.evaluate(1 * kMinute);
  CHECK(h.last("big", {{"i", "1"}}) == "stale@1m");
}

TEST_CASE("duplicate label sets after applying rule labels fail the rule, not the group") {
  Harness h(R"(groups:
- name: g
  rules:
  - record: r
    expr: x
    labels:
      i: same
  - alert: A
    expr: x
    labels:
      i: same
  - record: ok
    expr: count(x)
)");
  h.series("x", {{"i", "1"}}, {1});
  h.series("x", {{"i", "2"}}, {1});
  h.evaluate(0);
  REQUIRE(h.failures.size() == 2);
  CHECK(h.failures[0].rule == "r");
  CHECK(h.failures[0].message ==
        "vector contains metrics with the same labelset after applying rule labels");
  CHECK(h.failures[1].message ==
        "vector contains metrics with the same labelset after applying alert labels");
  CHECK(h.last("ok", {}) == "2@0m");
  CHECK(h.state(1) == "none");
}

TEST_CASE("a templated alert label takes the sample's labels and value, empty removes it") {
  Harness h(R"(groups:
- name: g
  rules:
  - alert: A
    expr: x
    labels:
      where: "{{ $labels.i }}-{{ $value }}"
      gone: "{{ $labels.nothing }}"
)");
  h.series("x", {{"i", "1"}}, {7});
  h.evaluate(0);
  CHECK(h.rules.alerts(0, 0).at(0).labels ==
        Labels{{"alertname", "A"}, {"i", "1"}, {"where", "1-7"}});
}

TEST_CASE("the alert limit drops every alert of the rule") {
  Harness h(R"(groups:
- name: g
  limit: 1
  rules:
  - alert: A
    expr: x
)");
  h.series("x", {{"i", "1"}}, {1});
  h.series("x", {{"i", "2"}}, {1});
  h.evaluate(0);
  REQUIRE(h.failures.size() == 1);
  CHECK(h.failures[0].message == "exceeded limit of 1 with 2 alerts");
  CHECK(h.rules.alerts(0, 0).empty());
}

}  // namespace
}  // namespace firedrill
