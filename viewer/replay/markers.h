// The marks on the timeline: one per thing a facilitator scrubs to (a fault,
// an alert firing or resolving, a page, an escalation, a trainee's action, a
// mitigation, an inject, the resolution, a deploy), with the sentence shown
// when the mark is hovered.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/model/journal.h"

namespace firedrill::viewer {

enum class MarkerKind {
  kFault,          // a fault started, changed or ended (ground truth)
  kAlertFiring,    // an alert started firing
  kAlertResolved,  // a firing alert stopped
  kPage,           // a person was paged
  kEscalation,     // an incident escalated or re-triggered
  kAction,         // a trainee's action (refused ones too)
  kMitigation,     // a mitigation started or took full effect
  kInject,         // a facilitator's message
  kResolution,     // an incident was resolved
  kChange,         // a deploy, rollback or config change (the change log)
};
inline constexpr std::size_t kMarkerKindCount = 10;

// "fault", "alert firing", ...: the legend's words.
const char* marker_kind_name(MarkerKind kind);

struct Marker {
  SimTime time = 0;
  MarkerKind kind = MarkerKind::kAction;
  std::string service;        // the service it is about, "" if none
  std::string text;           // "alert HighErrorRatio firing on checkout"
  bool ground_truth = false;  // trainees did not see it during the run
};

// The markers of a run, in time order (journal order at equal times).
std::vector<Marker> build_markers(const RunJournal& journal);

// The attribute `name` of `event`, or "" if it has none.
const std::string& attribute(const RunEvent& event, std::string_view name);

}  // namespace firedrill::viewer
