// Evaluating rule groups over time, as Prometheus' rule manager does:
// recording rules append their results, alerting rules move their alerts
// through inactive -> pending -> firing -> inactive, and write the ALERTS series.
//
//   RuleEvaluator rules(groups);
//   for (SimTime t = 0; t <= end; t += rules.interval(0, kMinute)) {
//     rules.evaluate_group(0, t, store, transitions, errors);
//   }
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "sim/alerting/rules.h"
#include "sim/metrics/metric_store.h"
#include "sim/promql/evaluator.h"
#include "sim/promql/value.h"

namespace firedrill {

namespace rules_internal {
struct RuleState;  // rule_state.h
}  // namespace rules_internal

enum class AlertState { kInactive, kPending, kFiring };

// "inactive", "pending", "firing".
const char* alert_state_name(AlertState state);

// One alert of an alerting rule: one label set its expression returned.
struct Alert {
  promql::LabelSet labels;  // the sample's labels without __name__, the rule's labels, alertname
  promql::LabelSet annotations;  // expanded
  AlertState state = AlertState::kPending;
  double value = 0;  // the sample's value at the last evaluation that returned it
  SimTime active_at = 0;
  SimTime fired_at = -1;           // -1: never fired
  SimTime resolved_at = -1;        // -1: not resolved
  SimTime keep_firing_since = -1;  // -1: not being kept firing
};

// An alert changing state at an evaluation. A new alert of a rule without
// `for` goes from inactive to firing in one evaluation: one transition.
struct AlertTransition {
  SimTime time = 0;
  std::string group;
  std::string rule;  // the alert name
  Alert alert;       // after the transition
  AlertState from = AlertState::kInactive;
  AlertState to = AlertState::kInactive;
};

// A rule whose evaluation failed (Prometheus logs it and goes on with the
// group's next rule; promtool fails the test).
struct RuleFailure {
  SimTime time = 0;
  std::string group;
  std::string rule;  // its name: several rules of a group may share one
  std::string message;
  std::size_t rule_index = 0;  // the rule's position in its group
};

class RuleEvaluator {
 public:
  // `external_labels` are $externalLabels in templates; `external_url` is $externalURL.
  explicit RuleEvaluator(std::vector<RuleGroupSpec> groups, Labels external_labels = {},
                         std::string external_url = "", promql::EvalOptions options = {});
  ~RuleEvaluator();
  RuleEvaluator(RuleEvaluator&&) noexcept;
  RuleEvaluator& operator=(RuleEvaluator&&) noexcept;

  const std::vector<RuleGroupSpec>& groups() const { return groups_; }
  // The group's own interval, or `default_interval` if it has none.
  SimTime interval(std::size_t group, SimTime default_interval) const;

  // Evaluates every rule of `group` in order at `time` (later than the
  // group's previous evaluation). Recording rules append their samples to
  // `store` at `time`, so later rules of the group see them. Alerting rules
  // append ALERTS{alertname, alertstate, ...} = 1 for each pending or firing
  // alert, and ALERTS_FOR_STATE{...} = the time it became active in seconds,
  // as Prometheus does. A series a rule produced at its previous evaluation
  // but not at this one gets a staleness marker. State changes are appended
  // to `transitions`, failures (the rule is skipped, the group goes on) to
  // `failures`. Samples for a series that already has one at `time` (two
  // rules writing one series) are dropped, as Prometheus drops them.
  void evaluate_group(std::size_t group, SimTime time, MetricStore& store,
                      std::vector<AlertTransition>& transitions,
                      std::vector<RuleFailure>& failures);

  // The alerts of an alerting rule that are pending or firing, or resolved
  // at most 15 minutes before the last evaluation (Prometheus keeps those to
  // resend; state kInactive), sorted by labels.
  std::vector<Alert> alerts(std::size_t group, std::size_t rule) const;

 private:
  std::vector<RuleGroupSpec> groups_;
  Labels external_labels_;
  std::string external_url_;
  promql::EvalOptions options_;
  std::vector<std::vector<rules_internal::RuleState>> state_;  // per group, per rule
};

}  // namespace firedrill
