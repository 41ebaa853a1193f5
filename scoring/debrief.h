// The debrief of a run, for the trainees after a drill (`firedrill debrief`):
// the score and why, what went well and what did not, how the response
// compares with the scenario's reference responder, what really happened,
// and the timeline with the ground truth the trainees did not see. Markdown;
// docs/debrief.md shows an example.
#pragma once

#include <string>
#include <vector>

#include "scoring/score_card.h"
#include "scoring/timeline.h"
#include "sim/scenario/scenario.h"

namespace firedrill {

struct DebriefInput {
  const ScoreCard& card;
  const std::vector<TimelineEntry>& timeline;  // build_timeline of the run and `card`
  // The scenario's reference responder scored on the same seed and length
  // (cli/scored_run.h reference_card); null when the scenario has none.
  const ScoreCard* reference = nullptr;
  std::string recording_path;  // as the user named it, for the header
  // The scenario's ground truth, for "What really happened" (its summary,
  // root cause, owning team); null leaves that section out.
  const IncidentSpec* incident = nullptr;
  // Why the reference responder could not be compared ("" = it could, or
  // there is none): its run failed on this seed (a script error).
  std::string reference_failure{};
};

// The debrief as Markdown. A card without an incident (has_incident false)
// gives a short debrief: there is no ground truth to score against, and the
// timeline. Deterministic.
std::string debrief_markdown(const DebriefInput& in);

}  // namespace firedrill
