// The score card: how a run's response measured up against the scenario's
// ground truth (`incident:`) and rubric (`scoring:`, the severity table).
// Computed from the run alone (its events and metrics), so a recording can
// be re-scored at any time and gives the same card. docs/scoring.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scoring/rubric.h"
#include "scoring/run_view.h"
#include "scoring/user_impact.h"

namespace firedrill {

// One scored point of the rubric: its points out of its maximum, and why.
struct ScoreItem {
  std::string id;     // stable snake_case: "time_to_detect", "severity", ...
  std::string title;  // "Time to detect"
  int points = 0;
  int max = 0;
  std::string reason;  // one line: what was measured against what was expected
};

// detection, triage, escalation, mitigation, communication, impact.
struct ScoreSection {
  std::string id;     // "detection"
  std::string title;  // "Detection"
  int points = 0;
  int max = 0;
  std::vector<ScoreItem> items;
};

// A page sent to a team's on-call (a pager incident Alertmanager triggered)
// and its acknowledgement.
struct PageRecord {
  std::string incident;  // the pager's incident id
  std::string team;
  std::string title;
  SimTime paged_at = 0;
  std::optional<SimTime> acknowledged_at;
  std::string acknowledged_by;
  std::optional<SimTime> resolved_at;  // by a responder or by Alertmanager
};

// When the milestones of the response happened (none: it did not).
struct ResponseTimes {
  SimTime onset = 0;                    // the fault started (ground truth)
  std::optional<SimTime> first_signal;  // first page, or first firing alert if nobody was paged
  std::optional<SimTime> detected;      // first acknowledgement or declaration by a responder
  std::optional<SimTime> first_ack;     // first acknowledgement of a page
  std::optional<SimTime> declared;
  std::optional<SimTime> severity_set;      // the final severity was set
  std::optional<SimTime> commander;         // an incident commander was assigned
  std::optional<SimTime> team_engaged;      // the owning team was engaged
  std::optional<SimTime> first_mitigation;  // a responder started a mitigation
  std::optional<SimTime> fixed;             // a declared fix took effect
  std::optional<SimTime> mitigated;         // user impact over, after a responder's mitigation
  std::optional<SimTime> first_status;
  std::optional<SimTime> resolved;  // the declared incident was resolved
};

// Failed user requests and error budget, of the run and of doing nothing.
struct ImpactFigures {
  std::string service;  // the SLO's service
  double requests = 0;
  double bad = 0;
  double excess_bad = 0;     // beyond the normal rate, from the onset
  double budget_burned = 0;  // fraction of the SLO window's error budget
  bool breached = false;
  int hurt_minutes = 0;
  std::optional<SimTime> first_hurt, impact_end;
  bool has_baseline = false;  // the do-nothing run was compared
  double baseline_bad = 0;
  double baseline_excess_bad = 0;
  double baseline_budget_burned = 0;
  bool baseline_breached = false;
};

struct ScoreCard {
  std::string scenario;  // name
  std::string title;
  std::uint64_t seed = 0;
  SimTime end = 0;           // how far the run reached
  SimTime start_of_day = 0;  // clock time at 0
  // false: nothing is scored (no `incident:`, or the run ended before the
  // incident started); `unscored` says why.
  bool has_incident = false;
  std::string unscored;
  Rubric rubric;
  std::vector<std::string> responders;  // who acted, in order of first action
  std::vector<ScoreSection> sections;
  int total = 0;
  int max = 0;
  ResponseTimes times;
  std::vector<PageRecord> pages;
  ImpactFigures impact;
};

// Scores `run` against its scenario. `baseline` is what users felt in the
// same scenario and seed with nobody acting (measure_user_impact of that
// run); without it the impact section says it was not compared and gives
// no points.
ScoreCard score_run(const RunView& run, const UserImpact* baseline);

// The onset of the run's incident: the scenario's `incident: start`, or the
// first `fault` event on the root-cause service; 0 without either (such a
// run is not scored).
SimTime incident_onset(const RunView& run);

}  // namespace firedrill
