// PagerDuty-shaped on-call configuration, as firedrill holds it after loading
// the scenario's `teams:` key: people, schedules and an escalation policy per
// team (docs/paging.md). The loader has checked every name: schedule users and
// person targets are people (members of some team), schedule targets are
// schedules of the same team. Who is on call when: sim/paging/schedule.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/base/time.h"

namespace firedrill {

// A daily window of clock time in which a layer has someone on call, from
// `from` (included) to `to` (excluded); `from` > `to` wraps midnight. Never
// empty: the loader refuses `from` == `to`.
struct TimeOfDayWindow {
  SimTime from = 0;  // since midnight
  SimTime to = 0;
  SourceLocation where;
};

// One rotation: `users` take turns of `rotation` each; a turn starts at
// every `handoff` clock time (modulo the rotation length). The first user's
// turn is the one under way when the run starts.
struct ScheduleLayerSpec {
  std::vector<std::string> users;             // not empty; a name may repeat
  SimTime rotation = kDay;                    // turn length, > 0
  SimTime handoff = 9 * kHour;                // clock time of day of a hand-off
                                              // (the loader's default: the scenario's start)
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
  SourceLocation where;
};

struct EscalationLevelSpec {
  std::vector<EscalationTarget> targets;  // not empty
  SimTime escalate_after = 30 * kMinute;  // unless acknowledged; >= 1m
  SourceLocation where;
};

struct EscalationPolicySpec {
  std::vector<EscalationLevelSpec> levels;  // not empty
  int repeat = 0;                      // times the policy starts over after its last level, 0..9
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

  // The schedule of this team with that name, or null.
  const ScheduleSpec* find_schedule(std::string_view wanted) const {
    for (const ScheduleSpec& s : schedules) {
      if (s.name == wanted) return &s;
    }
    return nullptr;
  }
};

}  // namespace firedrill
