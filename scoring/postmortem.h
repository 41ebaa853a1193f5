// A postmortem draft of a run (`firedrill postmortem`), in the shape of the
// Google SRE book's template: title, date, authors, status, summary,
// impact, root causes, trigger, resolution, detection, action items,
// lessons learned, timeline and supporting information, filled from the
// recording and its ground truth. What only people can write (the calendar
// date, the deeper why, more action items) is left as visible placeholders,
// `_TODO: ..._`. Markdown; docs/debrief.md shows an example.
#pragma once

#include <string>
#include <vector>

#include "scoring/run_view.h"
#include "scoring/score_card.h"
#include "scoring/timeline.h"

namespace firedrill {

struct PostmortemInput {
  const ScoreCard& card;                       // score_run of `run`
  const std::vector<TimelineEntry>& timeline;  // build_timeline of `run` and `card`
  const RunView& run;  // its journal (actions, changes) and scenario (the incident's summary)
  std::string recording_path;  // as the user named it, for the status and the commands
};

// Every placeholder a human must fill starts with this.
inline constexpr const char* kPostmortemTodo = "_TODO:";

// The postmortem draft as Markdown. A run of a scenario without an
// incident gets the same sections, with what the recording cannot say left
// as placeholders. Deterministic.
std::string postmortem_markdown(const PostmortemInput& in);

}  // namespace firedrill
