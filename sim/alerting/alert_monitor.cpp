#include "sim/alerting/alert_monitor.h"

#include <cstdio>

#include "sim/model/event_kinds.h"
#include "sim/model/simulation.h"
#include "sim/promql/value.h"

namespace firedrill {
namespace {

std::string_view transition_kind(const AlertTransition& t) {
  switch (t.to) {
    case AlertState::kPending:
      return event_kind::kAlertPending;
    case AlertState::kFiring:
      return event_kind::kAlertFiring;
    case AlertState::kInactive:
      break;
  }
  return t.from == AlertState::kFiring ? event_kind::kAlertResolved : event_kind::kAlertCleared;
}

std::string format_value(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

AlertMonitor::AlertMonitor(Simulation& sim, std::vector<RuleGroupSpec> groups,
                           SimTime evaluation_interval)
    : sim_(sim), rules_(std::move(groups)), evaluation_interval_(evaluation_interval) {
  for (const RuleGroupSpec& g : rules_.groups()) {
    last_failure_.emplace_back(g.rules.size());
  }
  for (std::size_t g = 0; g < rules_.groups().size(); ++g) schedule(g, sim_.now());
}

std::vector<Alert> AlertMonitor::active_alerts() const {
  std::vector<Alert> out;
  for (std::size_t g = 0; g < rules_.groups().size(); ++g) {
    for (std::size_t r = 0; r < rules_.groups()[g].rules.size(); ++r) {
      for (Alert& a : rules_.alerts(g, r)) {
        if (a.state != AlertState::kInactive) out.push_back(std::move(a));
      }
    }
  }
  return out;
}

void AlertMonitor::schedule(std::size_t group, SimTime time) {
  // The kernel runs same-time events in the order they were scheduled. The
  // scrape at `time` was scheduled one scrape interval earlier, possibly
  // after this call: so at `time`, schedule once more for `time` itself,
  // which puts the evaluation after everything already due then.
  sim_.at(time, [this, group] { sim_.at(sim_.now(), [this, group] { evaluate(group); }); });
}

void AlertMonitor::evaluate(std::size_t group) {
  const SimTime now = sim_.now();
  transitions_.clear();
  failures_.clear();
  rules_.evaluate_group(group, now, sim_.mutable_metrics(), transitions_, failures_);
  ++evaluations_;

  std::vector<std::string>& last = last_failure_[group];
  std::vector<bool> failed(last.size(), false);
  for (const RuleFailure& f : failures_) {
    const std::size_t r = f.rule_index;
    failed[r] = true;
    if (last[r] != f.message) report(f);
    last[r] = f.message;
  }
  for (std::size_t r = 0; r < last.size(); ++r) {
    if (!failed[r]) last[r].clear();
  }
  for (const AlertTransition& t : transitions_) {
    report(t);
    if (listener_) listener_(t);
  }

  schedule(group, now + rules_.interval(group, evaluation_interval_));
}

void AlertMonitor::report(const AlertTransition& t) {
  RunEvent e;
  e.kind = std::string(transition_kind(t));
  const std::string_view service = promql::label_value(t.alert.labels, "service");
  e.service = std::string(service);
  e.instance = std::string(promql::label_value(t.alert.labels, "instance"));
  e.attributes = {{"alertname", t.rule},
                  {"group", t.group},
                  {"from", alert_state_name(t.from)},
                  {"value", format_value(t.alert.value)},
                  {"labels", promql::format_labels(t.alert.labels)}};
  for (const auto& [name, text] : t.alert.annotations) {
    e.attributes.emplace_back("annotation." + name, text);
  }
  sim_.emit(std::move(e));
}

void AlertMonitor::report(const RuleFailure& f) {
  sim_.emit(RunEvent{0,
                     std::string(event_kind::kRuleFailed),
                     "",
                     "",
                     {{"group", f.group}, {"rule", f.rule}, {"message", f.message}}});
}

}  // namespace firedrill
