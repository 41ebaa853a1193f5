// The end of a drill: how long it ran, who was paged and who acknowledged,
// the actions taken (applied and refused), the mitigations, the declared
// incident, and where the recording and the action log are.
#pragma once

#include <string>

#include "cli/drill/style.h"
#include "sim/paging/pager.h"
#include "sim/response/incident_desk.h"
#include "sim/run/run.h"

namespace firedrill::cli::drill {

struct DrillReport {
  std::string ended;  // why the drill ended: "you quit", "the scenario ended", ...
  SimTime start_of_day = 0;
  double wall_seconds = 0;  // how long the drill took
  const RunResult* result = nullptr;
  const Pager* pager = nullptr;  // null if the scenario pages nobody
  const DeclaredIncident* incident = nullptr;
  std::string scenario_path;  // as given on the command line, for the replay command
  std::string recording;
  std::string action_log;
};

Lines drill_summary(const DrillReport& report);

}  // namespace firedrill::cli::drill
