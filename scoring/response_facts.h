// What the responders did and what the pager saw, gathered from a run's
// events (docs/recording-format.md): the raw facts the score card grades.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scoring/run_view.h"
#include "scoring/score_card.h"

namespace firedrill {

// A mitigation a responder started (an applied `mitigate` action).
struct MitigationTaken {
  SimTime time = 0;
  std::string actor;
  std::string text;               // "rollback checkout", "scale 6 checkout"
  std::string mitigation;         // "rollback"
  std::vector<std::string> args;  // the words between the mitigation and the service
  std::string service;
  bool scale_down = false;  // a scale to fewer replicas than the service had
};

struct ResponseFacts {
  ResponseTimes times;
  // Pages Alertmanager sent at or after the onset (not those a responder's
  // `escalate` sent: they are in `escalations`).
  std::vector<PageRecord> pages;
  std::vector<std::string> responders;  // who acted, in order of first action
  std::optional<int> severity;          // the last severity set, 1..4
  std::string root_cause_service;       // the last root cause named ("" = none)
  std::string root_cause_fault;
  std::optional<SimTime> root_cause_at;
  std::vector<std::pair<SimTime, std::string>> escalations;  // `escalate TEAM`, in order
  std::vector<SimTime> status_updates;
  std::vector<MitigationTaken> mitigations;
  std::string declared_title;
};

// Gathers the facts of `run`, whose incident started at `onset`.
ResponseFacts gather_response(const RunView& run, SimTime onset);

}  // namespace firedrill
