// One alerting rule's evaluation, as Prometheus 2.42's AlertingRule.Eval:
// the expression's samples become alerts (labels and annotations expanded),
// alerts move through pending and firing, and the ones no longer returned
// resolve (after keep_firing_for) and are forgotten 15 minutes later.
#include <utility>

#include "sim/alerting/rule_state.h"
#include "sim/alerting/template.h"

namespace firedrill::rules_internal {
namespace {

// Prometheus keeps a resolved alert this long to resend it to Alertmanager.
constexpr SimTime kResolvedRetention = 15 * kMinute;

std::string expand(const TemplatedPair& pair, const TemplateData& data) {
  if (!pair.template_ || pair.template_->is_constant()) return pair.text;
  return pair.template_->expand(data);
}

// A new sample's alert, before it is merged into the rule's state.
struct Candidate {
  Labels annotations;
  double value = 0;
};

void transition(const AlertContext& context, SimTime time, const Alert& alert, AlertState from,
                std::vector<AlertTransition>& out) {
  out.push_back(AlertTransition{time, context.group, context.rule.name, alert, from, alert.state});
}

}  // namespace

void set_label(Labels& labels, std::string_view name, std::string value) {
  auto it = labels.begin();
  while (it != labels.end() && it->first < name) ++it;
  const bool present = it != labels.end() && it->first == name;
  if (value.empty()) {
    if (present) labels.erase(it);
  } else if (present) {
    it->second = std::move(value);
  } else {
    labels.emplace(it, std::string(name), std::move(value));
  }
}

void evaluate_alerts(const AlertContext& context, const promql::Vector& result, SimTime time,
                     RuleState& state, MetricStore& store, std::vector<Output>& out,
                     std::vector<AlertTransition>& transitions) {
  const RuleSpec& rule = context.rule;
  std::map<Labels, Candidate> candidates;
  for (const promql::VectorElement& sample : result) {
    const TemplateData data{&sample.labels, sample.value, &context.external_labels,
                            context.external_url};
    Labels labels;
    labels.reserve(sample.labels.size() + rule.labels.size() + 1);
    for (const auto& label : sample.labels) {
      if (label.first != "__name__") labels.push_back(label);
    }
    for (const TemplatedPair& label : rule.labels)
      set_label(labels, label.name, expand(label, data));
    set_label(labels, "alertname", rule.name);
    Candidate candidate;
    candidate.value = sample.value;
    candidate.annotations.reserve(rule.annotations.size());
    for (const TemplatedPair& a : rule.annotations) {
      candidate.annotations.emplace_back(a.name, expand(a, data));
    }
    if (!candidates.emplace(std::move(labels), std::move(candidate)).second) {
      throw RuleError("vector contains metrics with the same labelset after applying alert labels");
    }
  }

  // Merge: an alert still pending or firing takes the new value and
  // annotations; any other becomes a new pending alert.
  for (auto& [labels, candidate] : candidates) {
    auto it = state.active.find(labels);
    if (it != state.active.end() && it->second.alert.state != AlertState::kInactive) {
      it->second.alert.value = candidate.value;
      it->second.alert.annotations = std::move(candidate.annotations);
      continue;
    }
    if (it == state.active.end()) it = state.active.emplace(labels, ActiveAlert{}).first;
    Alert& alert = it->second.alert;  // a resolved alert's series ids stay: same labels
    alert = Alert{};
    alert.labels = labels;
    alert.annotations = std::move(candidate.annotations);
    alert.state = AlertState::kPending;
    alert.value = candidate.value;
    alert.active_at = time;
    it->second.is_new = true;
  }

  std::size_t active_count = 0;
  for (auto it = state.active.begin(); it != state.active.end();) {
    Alert& alert = it->second.alert;
    const bool returned = candidates.count(it->first) != 0;
    if (!returned) {
      bool keep_firing = false;
      if (alert.state == AlertState::kFiring && rule.keep_firing_for > 0) {
        if (alert.keep_firing_since < 0) alert.keep_firing_since = time;
        keep_firing = time - alert.keep_firing_since < rule.keep_firing_for;
      }
      const bool forget = alert.state == AlertState::kPending ||
                          (alert.resolved_at >= 0 && time - alert.resolved_at > kResolvedRetention);
      if (alert.state != AlertState::kInactive && !keep_firing) {
        const AlertState from = alert.state;
        alert.state = AlertState::kInactive;
        alert.resolved_at = time;
        transition(context, time, alert, from, transitions);
      }
      if (forget) {
        it = state.active.erase(it);
        continue;
      }
      if (!keep_firing) {
        ++it;
        continue;
      }
    } else {
      alert.keep_firing_since = -1;
    }
    ++active_count;
    const bool is_new = std::exchange(it->second.is_new, false);
    if (alert.state == AlertState::kPending && time - alert.active_at >= rule.for_duration) {
      alert.state = AlertState::kFiring;
      alert.fired_at = time;
      transition(context, time, alert, is_new ? AlertState::kInactive : AlertState::kPending,
                 transitions);
    } else if (is_new) {
      transition(context, time, alert, AlertState::kInactive, transitions);
    }
    ActiveAlert& active = it->second;
    SeriesId& series =
        alert.state == AlertState::kPending ? active.pending_series : active.firing_series;
    if (series == kNoSeries) {
      Labels labels = alert.labels;
      set_label(labels, "alertstate", alert_state_name(alert.state));
      series = store.intern("ALERTS", std::move(labels));
    }
    if (active.for_state_series == kNoSeries) {
      active.for_state_series = store.intern("ALERTS_FOR_STATE", alert.labels);
    }
    out.push_back(Output{series, 1});
    out.push_back(Output{active.for_state_series, static_cast<double>(alert.active_at / kSecond)});
    ++it;
  }

  if (context.limit > 0 && active_count > static_cast<std::size_t>(context.limit)) {
    for (auto& [labels, active] : state.active) {
      Alert& alert = active.alert;
      if (alert.state == AlertState::kInactive) continue;
      const AlertState from = alert.state;
      alert.state = AlertState::kInactive;
      alert.resolved_at = time;
      transition(context, time, alert, from, transitions);
    }
    state.active.clear();
    out.clear();
    throw RuleError("exceeded limit of " + std::to_string(context.limit) + " with " +
                    std::to_string(active_count) + " alerts");
  }
}

}  // namespace firedrill::rules_internal
