// The trainees' side of a run: applies their actions to the simulation and
// keeps what they declared (the incident, its severity, roles, updates, the
// root cause they named).
//
// An action is applied at sim.now(). It is checked first; a refused action
// changes nothing in the model. Either way it is recorded as an event:
//   action          attributes actor, verb, text (the action in the
//                   vocabulary's syntax), then the verb's own (incident,
//                   team, service, mitigation, severity, ...)
//   action_refused  the same, plus reason
// What each verb does, and why one is refused: docs/actions.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/base/time.h"
#include "sim/model/simulation.h"
#include "sim/response/action.h"
#include "sim/scenario/scenario.h"

namespace firedrill {

// A stakeholder update (`status`).
struct StatusUpdate {
  SimTime time = 0;
  std::string actor;
  std::string text;
};

// The incident the trainees declared, as they described it.
struct DeclaredIncident {
  bool declared = false;
  std::string title;
  SimTime declared_at = 0;
  std::string declared_by;
  int severity = 0;  // 1..4, 0 = not set
  std::optional<SimTime> severity_set_at;
  std::map<std::string, std::string> roles;  // role -> person
  std::vector<StatusUpdate> updates;
  std::string root_cause_service;  // "" = not named
  std::string root_cause_fault;
  std::optional<SimTime> root_cause_at;
  std::optional<SimTime> resolved_at;
};

// What became of an action.
struct ActionOutcome {
  bool applied = false;
  std::string message;  // for the trainee: what happened, or why it was refused
};

class IncidentDesk {
 public:
  // `sim` and `scenario` must outlive the desk. Listens to the simulation's
  // events to apply the scenario's declared fixes (`incident: fixes:`).
  IncidentDesk(Simulation& sim, const Scenario& scenario);
  IncidentDesk(const IncidentDesk&) = delete;
  IncidentDesk& operator=(const IncidentDesk&) = delete;

  // Applies `action` at sim.now() (its time is set to it), records it, and
  // says what happened. Never throws for a bad action: it is refused.
  ActionOutcome apply(Action action);

  const DeclaredIncident& incident() const { return incident_; }
  // Every action so far, refused ones included, in the order applied.
  const std::vector<Action>& actions() const { return actions_; }

 private:
  struct Applied;
  Applied check_and_apply(const Action& action);
  // Calls the Simulation's mitigation; throws std::invalid_argument if it refuses.
  void start_mitigation(const std::string& mitigation, ServiceIndex service,
                        const std::vector<std::string>& args);

  Simulation& sim_;
  const Scenario& scenario_;
  DeclaredIncident incident_;
  std::vector<Action> actions_;
  // The words of the mitigation started last per (service, mitigation), for
  // matching declared fixes with parameters.
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> started_;
};

}  // namespace firedrill
