// alert_thresholds: the lines the metric plots draw for the bundled
// scenarios' rules, and small inline rules for each way of writing one.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/scenario/loader.h"
#include "viewer/replay/thresholds.h"

using namespace firedrill;
using namespace firedrill::viewer;

namespace {

// A scenario of four services whose `alerts:` are the given rule lines.
Scenario with_rules(const std::string& rules) {
  const std::string yaml = R"(firedrill: 1
name: rules
title: Rules
duration: 10m
services:
  frontend: {replicas: 2, calls: [{to: cart}, {to: checkout}]}
  cart: {replicas: 1}
  checkout: {replicas: 1}
  catalog: {replicas: 1}
traffic:
  - {entry: frontend, rate: 5/s}
alerts:
  groups:
    - name: test
      rules:
)" + rules;
  return load_scenario_text(yaml, "rules.yaml");
}

// One alerting rule with this expression (and severity page).
std::vector<Threshold> of_expr(const std::string& expr, const std::string& recording = "") {
  return alert_thresholds(with_rules(recording + "        - alert: A\n          expr: '" + expr +
                                     "'\n          labels: {severity: page}\n"));
}

const std::string kRatio =
    "sum by (service) (rate(requests_total{code=~\"5..\"}[5m])) / sum by (service) "
    "(rate(requests_total[5m]))";

}  // namespace

TEST_CASE("the checkout-memory-leak rules give their lines", "[viewer][thresholds]") {
  const Scenario scenario =
      load_scenario(std::string(FIREDRILL_SOURCE_DIR) + "/scenarios/checkout-memory-leak");
  const std::vector<Threshold> t = alert_thresholds(scenario);
  // Left out: ReplicasUnavailable (replicas_up < replicas_desired: no
  // constant), OOMKilled and CrashLooping (counters not plotted),
  // MemoryWillHitLimit (a prediction against the limit), RequestsQueueing
  // (queue depth) and DependencyTimeouts (call edges).
  REQUIRE(t.size() == 7);
  for (const Threshold& x : t) {
    INFO(x.alert);
    CHECK(x.services.empty());
  }

  // Both conditions of a burn-rate rule draw the same line: one, two windows.
  CHECK(t[0].alert == "ErrorBudgetBurnFast");
  CHECK(t[0].plot == PlotKind::kErrorRatio);
  CHECK(t[0].value == Approx(0.0144));
  CHECK(t[0].op == Comparison::kGt);
  CHECK(t[0].above);
  CHECK(t[0].severity == "page");
  CHECK(t[0].window == "1h, 5m");
  CHECK(t[0].for_duration == 2 * kMinute);
  CHECK(t[0].expr ==
        "service:request_errors:ratio_rate1h > (14.4 * 0.001) and "
        "service:request_errors:ratio_rate5m > (14.4 * 0.001)");

  CHECK(t[1].alert == "ErrorBudgetBurnSlow");
  CHECK(t[1].plot == PlotKind::kErrorRatio);
  CHECK(t[1].value == Approx(0.006));
  CHECK(t[1].severity == "ticket");
  CHECK(t[1].window == "6h, 30m");

  CHECK(t[2].alert == "HighErrorRatio");
  CHECK(t[2].plot == PlotKind::kErrorRatio);
  CHECK(t[2].value == 0.05);
  CHECK(t[2].severity == "page");
  CHECK(t[2].window == "5m");

  CHECK(t[3].alert == "HighLatencyP99");
  CHECK(t[3].plot == PlotKind::kP99);
  CHECK(t[3].value == 1.0);
  CHECK(t[3].severity == "ticket");
  CHECK(t[3].window == "5m");

  CHECK(t[4].alert == "ServiceDown");
  CHECK(t[4].plot == PlotKind::kReplicas);
  CHECK(t[4].value == 0.0);
  CHECK(t[4].op == Comparison::kEq);
  CHECK_FALSE(t[4].above);
  CHECK(t[4].severity == "page");
  CHECK(t[4].window.empty());

  CHECK(t[5].alert == "MemoryNearLimit");
  CHECK(t[5].plot == PlotKind::kMemory);
  CHECK(t[5].of_limit);
  CHECK(t[5].value == 0.9);
  CHECK(t[5].severity == "warning");
  CHECK(t[5].window.empty());

  CHECK(t[6].alert == "CpuSaturated");
  CHECK(t[6].plot == PlotKind::kCpu);
  CHECK_FALSE(t[6].of_limit);
  CHECK(t[6].value == 0.9);
  CHECK(t[6].severity == "warning");
  CHECK(t[6].window == "10m");
}

TEST_CASE("every bundled scenario's rules give lines", "[viewer][thresholds]") {
  for (const char* name :
       {"bad-deploy-checkout", "database-outage", "retry-storm", "shop", "slow-search"}) {
    INFO(name);
    const Scenario scenario =
        load_scenario(std::string(FIREDRILL_SOURCE_DIR) + "/scenarios/" + name);
    std::vector<std::string> alerts;
    for (const Threshold& t : alert_thresholds(scenario)) alerts.push_back(t.alert);
    // slow-search's SearchLatencySLO (share of searches slower than 250ms) is
    // not a plotted quantity.
    CHECK(alerts == std::vector<std::string>{"ErrorBudgetBurnFast", "ErrorBudgetBurnSlow",
                                             "HighErrorRatio", "HighLatencyP99", "ServiceDown",
                                             "MemoryNearLimit", "CpuSaturated"});
  }
}

TEST_CASE("a constant on the left turns the comparison round", "[viewer][thresholds]") {
  const auto t = of_expr("0.05 < " + kRatio);
  REQUIRE(t.size() == 1);
  CHECK(t[0].plot == PlotKind::kErrorRatio);
  CHECK(t[0].value == 0.05);
  CHECK(t[0].op == Comparison::kGt);
  CHECK(t[0].above);

  const auto low = of_expr("10 >= sum by (service) (rate(requests_total[1m]))");
  REQUIRE(low.size() == 1);
  CHECK(low[0].plot == PlotKind::kRequestRate);
  CHECK(low[0].op == Comparison::kLe);
  CHECK_FALSE(low[0].above);
  CHECK(low[0].window == "1m");
}

TEST_CASE("service matchers name the services a line applies to", "[viewer][thresholds]") {
  const auto one = of_expr("rate(requests_total{service=\"frontend\"}[1m]) < 10");
  REQUIRE(one.size() == 1);
  CHECK(one[0].services == std::vector<std::string>{"frontend"});
  CHECK(applies_to(one[0], "frontend"));
  CHECK_FALSE(applies_to(one[0], "cart"));

  // Regexes and negations are tried on the scenario's services, in its order.
  const auto re = of_expr("cpu_utilization{service=~\"c.*t\"} > 0.8");
  REQUIRE(re.size() == 1);
  CHECK(re[0].services == std::vector<std::string>{"cart", "checkout"});
  const auto alt = of_expr("cpu_utilization{service=~\"checkout|cart\"} > 0.8");
  REQUIRE(alt.size() == 1);
  CHECK(alt[0].services == std::vector<std::string>{"cart", "checkout"});
  const auto not_one = of_expr("cpu_utilization{service!=\"frontend\"} > 0.8");
  REQUIRE(not_one.size() == 1);
  CHECK(not_one[0].services == std::vector<std::string>{"cart", "checkout", "catalog"});

  // A matcher no service satisfies draws nothing.
  CHECK(of_expr("cpu_utilization{service=\"search\"} > 0.8").empty());
  // Without a matcher: every service.
  const auto all = of_expr("cpu_utilization > 0.8");
  REQUIRE(all.size() == 1);
  CHECK(all[0].services.empty());
  CHECK(applies_to(all[0], "anything"));
}

TEST_CASE("each plotted quantity is recognised", "[viewer][thresholds]") {
  SECTION("p99 of the duration histogram") {
    const auto t = of_expr(
        "histogram_quantile(0.99, sum by (le) "
        "(rate(request_duration_seconds_bucket{service=\"cart\"}[5m]))) > 0.25");
    REQUIRE(t.size() == 1);
    CHECK(t[0].plot == PlotKind::kP99);
    CHECK(t[0].value == 0.25);
    CHECK(t[0].services == std::vector<std::string>{"cart"});
  }
  SECTION("other quantiles are not the plotted p99") {
    CHECK(of_expr("histogram_quantile(0.9, sum by (service, le) "
                  "(rate(request_duration_seconds_bucket[5m]))) > 0.25")
              .empty());
  }
  SECTION("memory in bytes") {
    const auto t = of_expr("max by (service) (memory_bytes) > 2e9");
    REQUIRE(t.size() == 1);
    CHECK(t[0].plot == PlotKind::kMemory);
    CHECK_FALSE(t[0].of_limit);
    CHECK(t[0].value == 2e9);
  }
  SECTION("memory as a percentage of the limit") {
    const auto t = of_expr(
        "max_over_time(memory_bytes[5m]) / on (service) group_left memory_limit_bytes * 100 > 90");
    REQUIRE(t.size() == 1);
    CHECK(t[0].plot == PlotKind::kMemory);
    CHECK(t[0].of_limit);
    CHECK(t[0].value == Approx(0.9));
    CHECK(t[0].window == "5m");
  }
  SECTION("replicas up") {
    const auto t = of_expr("sum by (service) (replicas_up) < 2");
    REQUIRE(t.size() == 1);
    CHECK(t[0].plot == PlotKind::kReplicas);
    CHECK(t[0].op == Comparison::kLt);
  }
  SECTION("increase is a rate times its range") {
    const auto t = of_expr("sum by (service) (increase(requests_total[5m])) < 60");
    REQUIRE(t.size() == 1);
    CHECK(t[0].plot == PlotKind::kRequestRate);
    CHECK(t[0].value == Approx(0.2));
  }
  SECTION("a negative scale turns the comparison round") {
    const auto t = of_expr("-1 * cpu_utilization < -0.9");
    REQUIRE(t.size() == 1);
    CHECK(t[0].plot == PlotKind::kCpu);
    CHECK(t[0].value == Approx(0.9));
    CHECK(t[0].op == Comparison::kGt);
  }
  SECTION("bool comparisons") {
    const auto t = of_expr("(cpu_utilization > bool 0.8) == 1");
    REQUIRE(t.size() == 1);
    CHECK(t[0].plot == PlotKind::kCpu);
    CHECK(t[0].value == 0.8);
  }
  SECTION("the two conditions of an and, on different plots") {
    const auto t = of_expr(kRatio + " > 0.01 and sum by (service) (rate(requests_total[5m])) > 1");
    REQUIRE(t.size() == 2);
    CHECK(t[0].plot == PlotKind::kErrorRatio);
    CHECK(t[1].plot == PlotKind::kRequestRate);
  }
}

TEST_CASE("what is not a plotted quantity is left out", "[viewer][thresholds]") {
  // Summed over every service: no one service's rate.
  CHECK(of_expr("sum(rate(requests_total[5m])) > 100").empty());
  // Compared with another series, not a constant.
  CHECK(of_expr("replicas_up < replicas_desired").empty());
  // An offset (availability) rather than a scale.
  CHECK(of_expr("1 - " + kRatio + " < 0.99").empty());
  // A rate of the errors alone, per second, is not the ratio.
  CHECK(of_expr("sum by (service) (rate(requests_total{code=~\"5..\"}[5m])) > 1").empty());
  // Only some of the error codes.
  CHECK(of_expr("rate(requests_total{code=\"503\"}[5m]) / rate(requests_total[5m]) > 0.1").empty());
  // A raw counter, a prediction, a metric not plotted.
  CHECK(of_expr("requests_total > 1000").empty());
  CHECK(of_expr("predict_linear(memory_bytes[15m], 3600) > 1e9").empty());
  CHECK(of_expr("avg_over_time(queue_depth[5m]) > 10").empty());
  // The condition of an unless says when not to fire.
  const auto t = of_expr("cpu_utilization > 0.9 unless replicas_up < 1");
  REQUIRE(t.size() == 1);
  CHECK(t[0].plot == PlotKind::kCpu);
}

TEST_CASE("recording rules are followed by name", "[viewer][thresholds]") {
  const std::string records =
      "        - record: service:errors:ratio5m\n"
      "          expr: '" +
      kRatio +
      "'\n"
      "        - record: service:errors:alias\n"
      "          expr: service:errors:ratio5m\n"
      "        - record: service:cpu:hot\n"
      "          expr: cpu_utilization > 0.75\n"
      "        - record: loop:a\n"
      "          expr: loop:b\n"
      "        - record: loop:b\n"
      "          expr: loop:a\n";

  const auto chained = of_expr("service:errors:alias{service=\"cart\"} * 100 > 2", records);
  REQUIRE(chained.size() == 1);
  CHECK(chained[0].plot == PlotKind::kErrorRatio);
  CHECK(chained[0].value == Approx(0.02));
  CHECK(chained[0].services == std::vector<std::string>{"cart"});
  CHECK(chained[0].window == "5m");

  // The comparison inside a recording rule is the alert's line.
  const auto inside = of_expr("service:cpu:hot", records);
  REQUIRE(inside.size() == 1);
  CHECK(inside[0].plot == PlotKind::kCpu);
  CHECK(inside[0].value == 0.75);

  // Rules naming each other in a loop end, and draw nothing.
  CHECK(of_expr("loop:a > 1", records).empty());
}

TEST_CASE("a rule without a severity label has an empty severity", "[viewer][thresholds]") {
  const auto t = alert_thresholds(with_rules(
      "        - alert: Hot\n          expr: cpu_utilization > 0.9\n          for: 1m\n"));
  REQUIRE(t.size() == 1);
  CHECK(t[0].severity.empty());
  CHECK(t[0].for_duration == kMinute);
  CHECK(std::string(comparison_symbol(t[0].op)) == ">");
}
