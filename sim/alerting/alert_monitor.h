// Runs alert and recording rules beside a Simulation, as a Prometheus server
// beside the services it scrapes: every group is evaluated every interval
// from time 0, just after the scrape of the same instant, over the run's
// metric store. Results go where Prometheus puts them: recording rules and
// ALERTS as series in the store, and every alert state change as an event of
// the run (docs/recording-format.md, "Events"):
//
//   alert_pending   inactive -> pending (the expression returned the alert)
//   alert_firing    pending -> firing after `for`, or inactive -> firing without `for`
//   alert_resolved  firing -> inactive (after keep_firing_for, if any)
//   alert_cleared   pending -> inactive: gone before `for` elapsed
//   rule_failed     a rule's evaluation failed (once per distinct message in a row)
//
// A Simulation whose scenario has `alerts:` owns one; a driver may attach
// more (firedrill run --rules replaces the scenario's rules instead).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/alerting/rule_evaluator.h"
#include "sim/alerting/rules.h"
#include "sim/base/time.h"

namespace firedrill {

class Simulation;

class AlertMonitor {
 public:
  // Schedules the first evaluation of every group at the simulation's
  // current time. `sim` must outlive the monitor.
  AlertMonitor(Simulation& sim, std::vector<RuleGroupSpec> groups, SimTime evaluation_interval);
  AlertMonitor(const AlertMonitor&) = delete;
  AlertMonitor& operator=(const AlertMonitor&) = delete;

  // Called at every alert state change, after its event: how firing and
  // resolved alerts reach Alertmanager (sim/routing/dispatcher.h).
  void set_transition_listener(std::function<void(const AlertTransition&)> listener) {
    listener_ = std::move(listener);
  }

  const RuleEvaluator& rules() const { return rules_; }
  // Pending and firing alerts of every alerting rule now, in rule order.
  std::vector<Alert> active_alerts() const;
  // Group evaluations done so far (all groups together).
  std::uint64_t evaluations() const { return evaluations_; }

 private:
  void schedule(std::size_t group, SimTime time);
  void evaluate(std::size_t group);
  void report(const AlertTransition& t);
  void report(const RuleFailure& f);

  Simulation& sim_;
  RuleEvaluator rules_;
  SimTime evaluation_interval_;
  std::vector<std::vector<std::string>> last_failure_;  // per group, per rule; "" = fine
  std::vector<AlertTransition> transitions_;            // reused buffers
  std::vector<RuleFailure> failures_;
  std::uint64_t evaluations_ = 0;
  std::function<void(const AlertTransition&)> listener_;
};

}  // namespace firedrill
