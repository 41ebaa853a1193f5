// Links from the score card to the timeline: the moment each score item is
// about, so that a debrief can click "Severity" and land where SEV-2 was
// set. Uses only the card's plain structs (scoring/score_card.h), no scoring
// code, so it lives in firedrill_replay with the rest of the viewer's model.
//
// The mapping, by item id (docs/scoring.md lists the items):
//
//   time_to_detect          times.detected; never detected: times.first_signal
//                           (the signal nobody picked up)
//   page_acknowledgement    the first counted page that was acknowledged late
//                           (its acknowledgement) or never (its page); all on
//                           time: the first page's acknowledgement
//   severity                times.severity_set
//   root_cause              when the graded `rootcause` was typed (the last
//                           one): only from the run's journal (ResponseLog),
//                           the card does not keep it
//   owning_team             times.team_engaged
//   needless_pages          the first needless `escalate` (to a team other
//                           than the owning one; for SEV-3 and SEV-4 any):
//                           only from the journal, and only when the item
//                           lost points
//   commander               times.commander
//   time_to_mitigate        times.mitigated, else times.first_mitigation
//   harmful_actions         the first harmful mitigation the reason names
//                           ("rollback cart at +12m (cart is not ...)"),
//                           only when the item lost points
//   first_status            times.first_status
//   status_cadence          times.first_status
//   resolution              times.resolved
//   any item of the impact  impact.impact_end, else impact.first_hurt
//   section
//
// Anything else, or a milestone that did not happen: no moment (nullopt),
// and the panel shows no jump button.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scoring/score_card.h"
#include "sim/base/time.h"
#include "sim/model/journal.h"

namespace firedrill::viewer {

// What some items are about but the card does not keep, read once from the
// run's journal.
struct ResponseLog {
  // The last `rootcause` action (the one the card grades).
  std::optional<SimTime> root_cause_named;
  // Every `escalate TEAM` action, in order: (time, team).
  std::vector<std::pair<SimTime, std::string>> escalations;
  // The scenario's owning team (`incident: team`), "" if none or unknown.
  std::string owning_team;
};

// Reads the ResponseLog of a run whose incident is owned by `owning_team`.
ResponseLog read_response_log(const RunJournal& journal, std::string owning_team);

// The moment `item` (of `section`, of `card`) is about, as mapped above.
// `log` adds what only the journal knows (root_cause, needless_pages);
// without it those items have no moment.
std::optional<SimTime> item_moment(const ScoreCard& card, const ScoreSection& section,
                                   const ScoreItem& item, const ResponseLog* log = nullptr);

// One response milestone of the card, for the milestones table.
struct Milestone {
  const char* name;  // "first signal", "detected", ...
  std::optional<SimTime> time;
};

// The card's milestones in the order a response goes: onset, first signal,
// detected, first ack, declared, severity set, commander, team engaged,
// first mitigation, fix took effect, mitigated, first status, resolved.
std::vector<Milestone> milestones(const ResponseTimes& times);

}  // namespace firedrill::viewer
