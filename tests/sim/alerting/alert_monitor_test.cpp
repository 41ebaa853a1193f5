// Alert rules running inside a Simulation: the times of alert state changes
// against a fault whose timing is known, the ALERTS series, the events'
// attributes, recording rules, group intervals, failing rules, determinism,
// and the staleness of a down replica's memory_bytes.
//
// Timing: rule groups are evaluated every interval from time 0, each just
// after the scrape of the same instant, so an evaluation at T sees the
// scrape at T. Faults below are applied through Simulation::at before the
// run starts, so a fault at a scrape instant is applied before that scrape.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "sim/alerting/alert_monitor.h"
#include "sim/model/run_reading.h"
#include "sim/model/simulation.h"
#include "sim/promql/evaluator.h"
#include "sim/promql/parser.h"
#include "sim/promql/value.h"
#include "sim/scenario/loader.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

// A scenario of one service `web` (2 replicas, startup 90s) with 5 req/s and
// the given inline alert groups (YAML, indented under `alerts:`).
std::string scenario_yaml(const std::string& groups, const std::string& extra = "",
                          const std::string& web = "{replicas: 2, startup: 90s}") {
  return "firedrill: 1\n"
         "name: alerting\n"
         "title: Alerting\n"
         "duration: 1h\n" +
         extra +
         "services:\n"
         "  web: " +
         web +
         "\n"
         "traffic:\n"
         "  - {entry: web, rate: 5/s}\n"
         "alerts:\n"
         "  groups:\n" +
         groups;
}

// WebDown (for 2m) in group "availability", WebDownSticky (no for,
// keep_firing_for 3m) in group "sticky".
const char* const kOutageGroups =
    "    - name: availability\n"
    "      rules:\n"
    "        - alert: WebDown\n"
    "          expr: replicas_up{service=\"web\"} == 0\n"
    "          for: 2m\n"
    "          labels: {severity: page}\n"
    "          annotations:\n"
    "            summary: '{{ $labels.service }} has {{ $value }} replicas up'\n"
    "    - name: sticky\n"
    "      rules:\n"
    "        - alert: WebDownSticky\n"
    "          expr: replicas_up{service=\"web\"} == 0\n"
    "          keep_firing_for: 3m\n";

// Holds every replica of service 0 down from `from` to `to` (then they take
// startup to come back).
void outage(Simulation& sim, SimTime from, SimTime to) {
  sim.at(from, [&sim] { sim.set_outage(0, 1.0); });
  sim.at(to, [&sim] { sim.set_outage(0, 0.0); });
}

// The outage scenario: a long outage 10m-20m (replicas back at 21m30s) and
// a short one 30m-30m20s (back at 31m50s), run to 40m.
void run_outages(Simulation& sim) {
  outage(sim, 10 * kMinute, 20 * kMinute);
  outage(sim, 30 * kMinute, 30 * kMinute + 20 * kSecond);
  sim.run_until(40 * kMinute);
}

// The times of events of `kind` about alert `alertname`.
std::vector<SimTime> alert_times(const RunJournal& journal, const std::string& kind,
                                 const std::string& alertname) {
  std::vector<SimTime> out;
  for (const RunEvent& e : events_of(journal, kind)) {
    if (attribute(e, "alertname") == alertname) out.push_back(e.time);
  }
  return out;
}

// A series' samples as (time, value), a staleness marker as value -1.
std::vector<std::pair<SimTime, double>> samples_of(const MetricStore& m, const std::string& name,
                                                   const Labels& labels) {
  std::vector<std::pair<SimTime, double>> out;
  const auto id = m.find(name, labels);
  if (!id) return out;
  for (const Sample& s : m.series(*id).samples) {
    out.emplace_back(s.time, is_stale_marker(s.value) ? -1.0 : s.value);
  }
  return out;
}

promql::Vector instant(const MetricStore& m, const std::string& expr, SimTime t) {
  promql::Value v = promql::evaluate(*promql::parse_expr(expr), m, t);
  REQUIRE(v.type == promql::ValueType::kInstantVector);
  return v.vector;
}

std::string describe(const RunEvent& e) {
  std::string s = std::to_string(e.time) + " " + e.kind + " " + e.service + " " + e.instance;
  for (const auto& [k, v] : e.attributes) s += " " + k + "=" + v;
  return s;
}

}  // namespace

TEST_CASE("an alert goes pending when an evaluation first sees the outage and fires after for",
          "[alerting][monitor]") {
  const Scenario scenario = load_scenario_text(scenario_yaml(kOutageGroups), "scenario.yaml");
  Simulation sim(scenario, scenario.seed);
  run_outages(sim);
  const RunJournal& j = sim.journal();
  // Outage at 10m is applied before the 10m scrape: the 10m evaluation sees
  // replicas_up 0 (pending, active at 10m); 12m - 10m >= 2m fires. The
  // replicas are released at 20m and up at 21m30s, so the 21m evaluation
  // still sees 0 and the 22m one resolves. The short outage: pending at 30m,
  // still pending at 31m (scrape 31m shows 0, only 1m active), gone at 32m
  // (replicas up at 31m50s): cleared without firing.
  CHECK(alert_times(j, "alert_pending", "WebDown") ==
        std::vector<SimTime>{10 * kMinute, 30 * kMinute});
  CHECK(alert_times(j, "alert_firing", "WebDown") == std::vector<SimTime>{12 * kMinute});
  CHECK(alert_times(j, "alert_resolved", "WebDown") == std::vector<SimTime>{22 * kMinute});
  CHECK(alert_times(j, "alert_cleared", "WebDown") == std::vector<SimTime>{32 * kMinute});
  CHECK(sim.alerts() != nullptr);
  CHECK(sim.alerts()->active_alerts().empty());
}

TEST_CASE("keep_firing_for keeps a resolved condition firing, then resolves",
          "[alerting][monitor]") {
  const Scenario scenario = load_scenario_text(scenario_yaml(kOutageGroups), "scenario.yaml");
  Simulation sim(scenario, scenario.seed);
  run_outages(sim);
  const RunJournal& j = sim.journal();
  // No `for`: inactive -> firing at once (10m, 30m), never pending. The
  // condition is gone at 22m (and 32m): kept firing while now - 22m < 3m,
  // resolved at 25m (and 35m). At 30m the alert resolved at 25m starts over.
  CHECK(alert_times(j, "alert_pending", "WebDownSticky").empty());
  CHECK(alert_times(j, "alert_firing", "WebDownSticky") ==
        std::vector<SimTime>{10 * kMinute, 30 * kMinute});
  CHECK(alert_times(j, "alert_resolved", "WebDownSticky") ==
        std::vector<SimTime>{25 * kMinute, 35 * kMinute});
  CHECK(alert_times(j, "alert_cleared", "WebDownSticky").empty());
  for (const RunEvent& e : events_of(j, "alert_firing")) {
    if (attribute(e, "alertname") == "WebDownSticky") CHECK(attribute(e, "from") == "inactive");
  }
}

TEST_CASE("alert events carry the rule, the previous state, the value, labels and annotations",
          "[alerting][monitor]") {
  const Scenario scenario = load_scenario_text(scenario_yaml(kOutageGroups), "scenario.yaml");
  Simulation sim(scenario, scenario.seed);
  run_outages(sim);
  using Attributes = std::vector<std::pair<std::string, std::string>>;
  auto expected = [](const std::string& from) {
    return Attributes{{"alertname", "WebDown"},
                      {"group", "availability"},
                      {"from", from},
                      {"value", "0"},
                      {"labels", "{alertname=\"WebDown\", service=\"web\", severity=\"page\"}"},
                      {"annotation.summary", "web has 0 replicas up"}};
  };
  std::vector<RunEvent> events;
  for (const RunEvent& e : sim.journal().events) {
    if (e.kind.rfind("alert_", 0) == 0 && attribute(e, "alertname") == "WebDown") {
      events.push_back(e);
    }
  }
  REQUIRE(events.size() == 5);
  const std::vector<std::pair<std::string, std::string>> kinds = {{"alert_pending", "inactive"},
                                                                  {"alert_firing", "pending"},
                                                                  {"alert_resolved", "firing"},
                                                                  {"alert_pending", "inactive"},
                                                                  {"alert_cleared", "pending"}};
  for (std::size_t i = 0; i < events.size(); ++i) {
    INFO(describe(events[i]));
    CHECK(events[i].kind == kinds[i].first);
    // The event is about the alert's `service` label; it has no `instance`.
    CHECK(events[i].service == "web");
    CHECK(events[i].instance == "");
    // A resolved or cleared alert reports the last value the expression returned.
    CHECK(events[i].attributes == expected(kinds[i].second));
  }
}

TEST_CASE("ALERTS has a series per state, stale when the alert leaves it", "[alerting][monitor]") {
  const Scenario scenario = load_scenario_text(scenario_yaml(kOutageGroups), "scenario.yaml");
  Simulation sim(scenario, scenario.seed);
  run_outages(sim);
  const MetricStore& m = sim.metrics();
  const Labels pending = {{"alertname", "WebDown"},
                          {"alertstate", "pending"},
                          {"service", "web"},
                          {"severity", "page"}};
  const Labels firing = {
      {"alertname", "WebDown"}, {"alertstate", "firing"}, {"service", "web"}, {"severity", "page"}};
  using Samples = std::vector<std::pair<SimTime, double>>;
  CHECK(samples_of(m, "ALERTS", pending) == Samples{{10 * kMinute, 1},
                                                    {11 * kMinute, 1},
                                                    {12 * kMinute, -1},
                                                    {30 * kMinute, 1},
                                                    {31 * kMinute, 1},
                                                    {32 * kMinute, -1}});
  Samples fired;
  for (int minute = 12; minute <= 21; ++minute) fired.emplace_back(minute * kMinute, 1);
  fired.emplace_back(22 * kMinute, -1);
  CHECK(samples_of(m, "ALERTS", firing) == fired);
  // ALERTS_FOR_STATE: the time the alert became active, in seconds.
  const Labels alert = {{"alertname", "WebDown"}, {"service", "web"}, {"severity", "page"}};
  Samples for_state;
  for (int minute = 10; minute <= 21; ++minute) for_state.emplace_back(minute * kMinute, 600);
  for_state.emplace_back(22 * kMinute, -1);
  for_state.emplace_back(30 * kMinute, 1800);
  for_state.emplace_back(31 * kMinute, 1800);
  for_state.emplace_back(32 * kMinute, -1);
  CHECK(samples_of(m, "ALERTS_FOR_STATE", alert) == for_state);

  // Queried as Prometheus would: one state at a time, nothing once resolved
  // (the staleness markers hide the last samples at once, no 5m lookback).
  const std::string query = "ALERTS{alertname=\"WebDown\"}";
  REQUIRE(instant(m, query, 11 * kMinute).size() == 1);
  CHECK(promql::label_value(instant(m, query, 11 * kMinute)[0].labels, "alertstate") == "pending");
  const promql::Vector at_fire = instant(m, query, 12 * kMinute);
  REQUIRE(at_fire.size() == 1);
  CHECK(promql::label_value(at_fire[0].labels, "alertstate") == "firing");
  CHECK(at_fire[0].value == 1);
  CHECK(instant(m, query, 22 * kMinute).empty());
  CHECK(instant(m, query, 32 * kMinute + 30 * kSecond).empty());
}

TEST_CASE("an evaluation at a scrape instant sees that scrape's samples", "[alerting][monitor]") {
  const std::string groups =
      "    - name: g\n"
      "      rules:\n"
      "        - record: web:up\n"
      "          expr: replicas_up{service=\"web\"}\n"
      "        - alert: WebDown\n"
      "          expr: replicas_up{service=\"web\"} == 0\n";
  // Scrapes and evaluations both every minute, so each evaluation has a
  // scrape at its own instant. The outage starts at 9m30s: only the 10m
  // scrape shows it. Had the 10m evaluation run before that scrape, it would
  // have seen the 9m sample (2 up) and the alert would fire at 11m.
  const Scenario scenario = load_scenario_text(
      scenario_yaml(groups, "scrape_interval: 1m\nevaluation_interval: 1m\n"), "scenario.yaml");
  Simulation sim(scenario, scenario.seed);
  sim.at(9 * kMinute + 30 * kSecond, [&sim] { sim.set_outage(0, 1.0); });
  sim.run_until(12 * kMinute);
  CHECK(event_times(sim.journal(), "alert_firing") == std::vector<SimTime>{10 * kMinute});
  CHECK(value_at(sim.metrics(), "web:up", {{"service", "web"}}, 9 * kMinute) == 2);
  CHECK(value_at(sim.metrics(), "web:up", {{"service", "web"}}, 10 * kMinute) == 0);
  // The recorded series has a sample at every evaluation, 0 to 12m.
  CHECK(samples_of(sim.metrics(), "web:up", {{"service", "web"}}).size() == 13);
}

TEST_CASE("a group with its own interval is evaluated on its own grid", "[alerting][monitor]") {
  const std::string groups =
      "    - name: fast\n"
      "      interval: 30s\n"
      "      rules:\n"
      "        - alert: FastDown\n"
      "          expr: replicas_up{service=\"web\"} == 0\n"
      "          for: 1m\n"
      "    - name: slow\n"
      "      rules:\n"
      "        - alert: SlowDown\n"
      "          expr: replicas_up{service=\"web\"} == 0\n"
      "          for: 1m\n";
  const Scenario scenario = load_scenario_text(scenario_yaml(groups), "scenario.yaml");
  Simulation sim(scenario, scenario.seed);
  // The outage starts at 10m05s; the 10m15s scrape is the first to show it.
  // "fast" (every 30s) first sees it at 10m30s, "slow" (every 1m) at 11m.
  sim.at(10 * kMinute + 5 * kSecond, [&sim] { sim.set_outage(0, 1.0); });
  sim.run_until(12 * kMinute);
  const RunJournal& j = sim.journal();
  CHECK(alert_times(j, "alert_pending", "FastDown") ==
        std::vector<SimTime>{10 * kMinute + 30 * kSecond});
  CHECK(alert_times(j, "alert_firing", "FastDown") ==
        std::vector<SimTime>{11 * kMinute + 30 * kSecond});
  CHECK(alert_times(j, "alert_pending", "SlowDown") == std::vector<SimTime>{11 * kMinute});
  CHECK(alert_times(j, "alert_firing", "SlowDown") == std::vector<SimTime>{12 * kMinute});
  // 0, 30s, ..., 12m: 25 evaluations of "fast"; 0, 1m, ..., 12m: 13 of "slow".
  REQUIRE(sim.alerts() != nullptr);
  CHECK(sim.alerts()->evaluations() == 25 + 13);
  // At 12m both are firing, in rule order.
  const std::vector<Alert> active = sim.alerts()->active_alerts();
  REQUIRE(active.size() == 2);
  CHECK(promql::label_value(active[0].labels, "alertname") == "FastDown");
  CHECK(active[0].state == AlertState::kFiring);
  CHECK(active[0].active_at == 10 * kMinute + 30 * kSecond);
  CHECK(promql::label_value(active[1].labels, "alertname") == "SlowDown");
  CHECK(active[1].fired_at == 12 * kMinute);
}

TEST_CASE("a recording rule feeds an alert of the same group at the same evaluation",
          "[alerting][monitor]") {
  const std::string groups =
      "    - name: capacity\n"
      "      rules:\n"
      "        - record: service:replicas_up:ratio\n"
      "          expr: replicas_up / replicas_desired\n"
      "        - alert: MostlyDown\n"
      "          expr: service:replicas_up:ratio < 0.5\n"
      "          annotations:\n"
      "            summary: '{{ $labels.service }} at {{ $value | humanizePercentage }}'\n";
  const Scenario scenario =
      load_scenario_text(scenario_yaml(groups, "", "{replicas: 4}"), "scenario.yaml");
  Simulation sim(scenario, scenario.seed);
  // 0.75 of 4 replicas: 3 held down, ratio 1/4.
  sim.at(10 * kMinute, [&sim] { sim.set_outage(0, 0.75); });
  sim.run_until(11 * kMinute);
  const Labels web = {{"service", "web"}};
  CHECK(value_at(sim.metrics(), "service:replicas_up:ratio", web, 9 * kMinute) == 1);
  CHECK(value_at(sim.metrics(), "service:replicas_up:ratio", web, 10 * kMinute) == 0.25);
  // The alert reads the ratio recorded a moment earlier at 10m, not the 9m one.
  const std::vector<RunEvent> firing = events_of(sim.journal(), "alert_firing");
  REQUIRE(firing.size() == 1);
  CHECK(firing[0].time == 10 * kMinute);
  CHECK(firing[0].service == "web");
  CHECK(firing[0].attributes == std::vector<std::pair<std::string, std::string>>{
                                    {"alertname", "MostlyDown"},
                                    {"group", "capacity"},
                                    {"from", "inactive"},
                                    {"value", "0.25"},
                                    {"labels", "{alertname=\"MostlyDown\", service=\"web\"}"},
                                    {"annotation.summary", "web at 25%"}});
}

TEST_CASE("a failing rule is reported once per failure streak and the group goes on",
          "[alerting][monitor]") {
  // Both rules select replicas_up and replicas_desired of web: two series
  // whose labels are the same once __name__ is dropped. While both are
  // returned the rules fail; during the outage `> 0` drops replicas_up (0)
  // and Flapping succeeds.
  const std::string groups =
      "    - name: broken\n"
      "      rules:\n"
      "        - record: web:both\n"
      "          expr: '{__name__=~\"replicas_up|replicas_desired\", service=\"web\"}'\n"
      "        - alert: Flapping\n"
      "          expr: '{__name__=~\"replicas_up|replicas_desired\", service=\"web\"} > 0'\n"
      "        - alert: Always\n"
      "          expr: vector(1)\n";
  const Scenario scenario =
      load_scenario_text(scenario_yaml(groups, "", "{replicas: 1}"), "scenario.yaml");
  Simulation sim(scenario, scenario.seed);
  // Outage 10m-20m; the replica is up again at 20m10s (startup 10s), so the
  // 20m evaluation still succeeds and the 21m one fails again.
  outage(sim, 10 * kMinute, 20 * kMinute);
  sim.run_until(25 * kMinute);
  std::vector<std::string> failures;
  for (const RunEvent& e : events_of(sim.journal(), "rule_failed")) {
    CHECK(e.service == "");
    CHECK(attribute(e, "group") == "broken");
    failures.push_back(std::to_string(e.time / kMinute) + " " + attribute(e, "rule") + ": " +
                       attribute(e, "message"));
  }
  const std::string alert_message =
      ": vector contains metrics with the same labelset after applying alert labels";
  CHECK(failures == std::vector<std::string>{
                        "0 web:both: vector contains metrics with the same labelset after "
                        "applying rule labels",
                        "0 Flapping" + alert_message,
                        "21 Flapping" + alert_message,
                    });
  // The rules after a failing one still run: Always fires at 0 (no labels
  // but its name, so no service); Flapping fires when it succeeds at 10m.
  CHECK(alert_times(sim.journal(), "alert_firing", "Always") == std::vector<SimTime>{0});
  CHECK(alert_times(sim.journal(), "alert_firing", "Flapping") ==
        std::vector<SimTime>{10 * kMinute});
  for (const RunEvent& e : events_of(sim.journal(), "alert_firing")) {
    if (attribute(e, "alertname") == "Always") CHECK(e.service == "");
  }
}

TEST_CASE("two runs of a scenario with alerts give identical events and ALERTS series",
          "[alerting][monitor][determinism]") {
  const Scenario scenario = load_scenario_text(scenario_yaml(kOutageGroups), "scenario.yaml");
  auto run = [&scenario] {
    Simulation sim(scenario, scenario.seed);
    run_outages(sim);
    std::vector<std::string> out;
    for (const RunEvent& e : sim.journal().events) out.push_back(describe(e));
    for (SeriesId id : sim.metrics().with_name("ALERTS")) {
      std::string s = promql::format_labels(sim.metrics().series(id).labels);
      for (const Sample& sample : sim.metrics().series(id).samples) {
        s += " " + std::to_string(sample.time) + "=" +
             (is_stale_marker(sample.value) ? "stale" : std::to_string(sample.value));
      }
      out.push_back(s);
    }
    return out;
  };
  const std::vector<std::string> a = run();
  const std::vector<std::string> b = run();
  CHECK(a.size() > 20);
  CHECK(a == b);
}

TEST_CASE("a crashed replica's memory_bytes goes stale at the next scrape", "[alerting][memory]") {
  const std::string groups =
      "    - name: g\n"
      "      rules:\n"
      "        - alert: ReplicaMissing\n"
      "          expr: count(memory_bytes{service=\"web\"}) < 2\n";
  const Scenario scenario =
      load_scenario_text(scenario_yaml(groups, "", "{replicas: 2, startup: 60s}"), "scenario.yaml");
  Simulation sim(scenario, scenario.seed);
  // web-0 crashes at 10m05s and takes traffic again at 11m05s.
  sim.at(10 * kMinute + 5 * kSecond, [&sim] { sim.crash(0, 1); });
  sim.run_until(12 * kMinute);
  const MetricStore& m = sim.metrics();
  const std::string query = "memory_bytes{service=\"web\"}";
  // Until the 10m15s scrape, the 10m sample is still the latest one.
  CHECK(instant(m, query, 10 * kMinute + 14 * kSecond).size() == 2);
  // The 10m15s scrape misses web-0: a staleness marker, so it is gone at
  // once, not 5 minutes (the lookback) later.
  const promql::Vector down = instant(m, query, 10 * kMinute + 15 * kSecond);
  REQUIRE(down.size() == 1);
  CHECK(promql::label_value(down[0].labels, "instance") == "web-1");
  CHECK(instant(m, query, 11 * kMinute).size() == 1);
  // One marker, not one per missed scrape; back at the 11m15s scrape.
  const Labels web0 = {{"service", "web"}, {"instance", "web-0"}};
  int markers = 0;
  for (const auto& [t, v] : samples_of(m, "memory_bytes", web0)) {
    if (v == -1) {
      ++markers;
      CHECK(t == 10 * kMinute + 15 * kSecond);
    }
  }
  CHECK(markers == 1);
  CHECK(instant(m, query, 11 * kMinute + 15 * kSecond).size() == 2);
  // So an alert on it fires at the first evaluation after the marker (11m)
  // and resolves at the one after web-0 is back (12m).
  CHECK(alert_times(sim.journal(), "alert_firing", "ReplicaMissing") ==
        std::vector<SimTime>{11 * kMinute});
  CHECK(alert_times(sim.journal(), "alert_resolved", "ReplicaMissing") ==
        std::vector<SimTime>{12 * kMinute});
}
