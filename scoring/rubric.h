// The rubric a run is scored against: the targets of the incident's
// severity (the table trainees learn), overridden by the scenario's
// `scoring:` key, and how the 100 points are split. docs/scoring.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/scenario/scenario.h"

namespace firedrill {

// One row of the severity table.
struct SeverityLevel {
  int severity = 0;              // 1..4
  const char* meaning = "";      // "full outage", ...
  const char* expectation = "";  // "immediate response", ...
  SimTime respond = 0;           // engage the owning team, detect, set the severity within
  SimTime mitigate = 0;          // user impact over within (from onset); 0 = no target
  SimTime first_status = 0;      // first status update within (from detection); 0 = none needed
  SimTime status_every = 0;      // updates at least this often; 0 = no cadence
  bool commander = false;        // an incident commander must be assigned
};

// The severity table, SEV-1 first.
const std::vector<SeverityLevel>& severity_table();
// The row of `severity` (1..4); SEV-3's for anything else.
const SeverityLevel& severity_level(int severity);

struct Rubric {
  int severity = 0;  // the true severity, 0 if the scenario gives none
  SeverityLevel level;
  SimTime acknowledge = 5 * kMinute;  // each page acknowledged within
  SimTime respond = 0;
  SimTime mitigate = 0;
  SimTime first_status = 0;
  SimTime status_every = 0;  // 0 = no cadence required
  bool commander = false;
  ScoringWeights weights;
  int minimum = 70;
  SloSpec slo;
  std::vector<FixSpec> acceptable;
};

// The rubric of a scenario: its incident's severity row, with its
// `scoring:` targets, weights and SLO applied.
Rubric rubric_for(const Scenario& scenario);

}  // namespace firedrill
