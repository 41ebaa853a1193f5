// What the rule evaluator keeps between evaluations of a rule, and the
// evaluation of one alerting rule's result. Internal to sim/alerting.
#pragma once

#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/alerting/rule_evaluator.h"
#include "sim/alerting/rules.h"
#include "sim/metrics/metric_store.h"
#include "sim/promql/value.h"

namespace firedrill::rules_internal {

inline constexpr SeriesId kNoSeries = std::numeric_limits<SeriesId>::max();

// An alert with the ids of the series it writes, interned once.
struct ActiveAlert {
  Alert alert;
  SeriesId pending_series = kNoSeries;  // ALERTS{..., alertstate="pending"}
  SeriesId firing_series = kNoSeries;   // ALERTS{..., alertstate="firing"}
  SeriesId for_state_series = kNoSeries;
  bool is_new = false;  // created by the evaluation under way
};

// A sample a rule writes at this evaluation.
struct Output {
  SeriesId series;
  double value;
};

struct RuleState {
  std::map<Labels, ActiveAlert> active;        // alerting rules, by alert labels
  std::map<Labels, SeriesId> recorded_series;  // recording rules, by labels (without __name__)
  std::vector<SeriesId> written;               // at the last successful evaluation, sorted
};

// A rule evaluation that failed; the message is Prometheus'.
class RuleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AlertContext {
  const RuleSpec& rule;
  const std::string& group;
  int limit = 0;
  const Labels& external_labels;
  std::string_view external_url;
};

// Runs Prometheus' AlertingRule.Eval on `result` (the expression's value at
// `time`): updates `state`, appends the ALERTS samples to `out` and state
// changes to `transitions`. Throws RuleError, leaving `state` unchanged
// unless the failure is the alert limit (which drops every alert, as
// Prometheus does).
void evaluate_alerts(const AlertContext& context, const promql::Vector& result, SimTime time,
                     RuleState& state, MetricStore& store, std::vector<Output>& out,
                     std::vector<AlertTransition>& transitions);

// Sets `name` to `value` in sorted `labels`; an empty value removes it.
void set_label(Labels& labels, std::string_view name, std::string value);

}  // namespace firedrill::rules_internal
