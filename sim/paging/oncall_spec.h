// PagerDuty-shaped on-call configuration, as firedrill holds it after loading
// the scenario's `teams:` key: people, schedules and an escalation policy per
// team (docs/paging.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/base/time.h"

namespace firedrill {

// A daily window of clock time in which a layer has someone on call;
// `from` > `to` wraps midnight.
struct TimeOfDayWindow {
  SimTime from = 0;  // since midnight
  SimTime to = 0;
};

// One rotation: `users` take turns of `rotation` each; a turn starts at
// every `handoff` clock time (modulo the rotation length). The first user's
// turn is the one under way when the run starts.
struct ScheduleLayerSpec {
  std::vector<std::string> users;
  SimTime rotation = kDay;                    // turn length
  SimTime handoff = 9 * kHour;                // clock time of day of a hand-off
  std::vector<TimeOfDayWindow> restrictions;  // empty = always
  SourceLocation where;
};

// Someone covering a schedule for a while, over every layer.
struct ScheduleOverrideSpec {
  std::string user;
  SimTime start = 0;  // simulated time
  SimTime end = 0;    // exclusive
  SourceLocation where;
};

// Layers are listed bottom first: a later layer that has someone on call
// wins, and overrides win over every layer.
struct ScheduleSpec {
  std::string name;
  std::vector<ScheduleLayerSpec> layers;
  std::vector<ScheduleOverrideSpec> overrides;
  SourceLocation where;
};

struct EscalationTarget {
  enum class Kind { kPerson, kSchedule };
  Kind kind = Kind::kPerson;
  std::string name;  // a person, or a schedule of the team
};

struct EscalationLevelSpec {
  std::vector<EscalationTarget> targets;
  SimTime escalate_after = 30 * kMinute;  // unless acknowledged
  SourceLocation where;
};

struct EscalationPolicySpec {
  std::vector<EscalationLevelSpec> levels;
  int repeat = 0;                      // times the policy starts over after its last level
  SimTime ack_timeout = 30 * kMinute;  // acknowledged but unresolved re-triggers; 0 = never
  SourceLocation where;
};

// A team that owns services, and who answers for it.
struct TeamSpec {
  std::string name;
  std::vector<std::string> members;
  std::vector<ScheduleSpec> schedules;
  std::optional<EscalationPolicySpec> escalation;  // none: its incidents page nobody
  SourceLocation where;
};

}  // namespace firedrill
