// What the drill console shows as text: the live feed (one line per event a
// responder can see, sim/response/visibility.h), and the views a trainee asks
// for: alerts, pages, logs, changes, the declared incident and help. Never
// the ground truth: no fault events, no scenario internals.
#pragma once

#include <optional>
#include <string>

#include "cli/drill/style.h"
#include "sim/base/time.h"
#include "sim/model/journal.h"
#include "sim/model/simulation.h"
#include "sim/response/incident_desk.h"

namespace firedrill::cli::drill {

// The scenario's wall clock at simulated time `t`: "09:40:30" (start_of_day
// is the clock time at t = 0; wraps at midnight).
std::string clock_text(SimTime t, SimTime start_of_day);
// A duration rounded to whole seconds (whole minutes past an hour): "12m10s".
std::string short_duration(SimTime d);

// What the feed needs besides the event.
struct FeedContext {
  SimTime start_of_day = 0;
  const Simulation* sim = nullptr;  // pager titles, change descriptions
};

// The feed line of an event, prefixed with its clock time; nullopt for kinds
// the feed leaves out (hidden ones, the trainee's own actions, whose outcome
// the console prints, and routine noise such as pending alerts).
std::optional<Line> feed_line(const RunEvent& event, const FeedContext& context);

Lines alerts_view(const Simulation& sim, SimTime start_of_day);
Lines pages_view(const Simulation& sim, SimTime start_of_day);
// Log lines of `service` ("" = every service) from now - since to now, the
// latest `max_lines` of them.
Lines logs_view(const RunJournal& journal, const std::string& service, SimTime since, SimTime now,
                SimTime start_of_day, std::size_t max_lines = 40);
Lines changes_view(const RunJournal& journal, SimTime now, SimTime start_of_day);
Lines incident_view(const DeclaredIncident& incident, SimTime now, SimTime start_of_day);
// Every command and action with its usage, or one of them (`topic`).
Lines help_view(const std::string& topic);

}  // namespace firedrill::cli::drill
