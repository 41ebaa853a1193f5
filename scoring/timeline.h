// The timeline of a run for people: what happened, when, and who did it,
// one line per thing a practitioner cares about (faults, user impact,
// alerts, pages, acknowledgements, actions, mitigations, deploys, injects),
// built from the run's events and change log and from its score card. The
// debrief and the postmortem draft show it (docs/debrief.md).
#pragma once

#include <string>
#include <vector>

#include "scoring/run_view.h"
#include "scoring/score_card.h"
#include "sim/base/time.h"

namespace firedrill {

// One line of the timeline.
struct TimelineEntry {
  SimTime time = 0;  // run time
  // What kind of thing happened, one of:
  //   fault       a fault started, changed or ended; a traffic spike ended (ground truth)
  //   symptom     users start being hurt at the SLO's service (ground truth, from the card)
  //   alert       an alert fires or resolves; a rule's evaluation failed
  //   page        a person was paged (or an incident paged nobody)
  //   escalated   an incident moved to another level, or re-triggered
  //   ack         a page was acknowledged
  //   action      a responder's action (refused ones too, marked "(refused: ...)")
  //   mitigation  a mitigation started or took full effect
  //   fixed       a declared fix took effect (ground truth)
  //   impact_end  users are no longer hurt (ground truth, from the card)
  //   resolved    the declared incident was resolved; a pager incident was resolved
  //   inject      a facilitator's message
  //   oom         replicas were OOM-killed
  //   deploy      a deploy (from the change log, with its description)
  //   rollback    a rollback (from the change log)
  //   change      another kind of change log entry (a config push)
  std::string kind;
  // Who: a responder or the person paged or acknowledging, "prometheus"
  // (alerts), "pager" (pages, escalations), "alertmanager" (a page resolved
  // by it), "facilitator" (injects), "users" (symptom, impact_end), or ""
  // for what the model did by itself (faults, OOM kills, mitigations
  // running, deploys).
  std::string actor;
  std::string text;  // plain text (not Markdown): "paged dave (payments, level 1): ..."
  // What the trainees could not see during the run (faults, declared fixes,
  // the impact measured by the scorer).
  bool ground_truth = false;
};

// The timeline of `run` scored as `card`, in time order, and in the order
// the run recorded things at the same time (the card's symptom and
// impact_end lines come after the events of their time, which caused them). Repeated alerts of
// the same name and state within the same minute of the run are one line
// naming every service (and replica); OOM kills of a service within a
// minute are one line; identical lines at the same time are one.
// Deterministic: the same run and card give the same timeline.
std::vector<TimelineEntry> build_timeline(const RunView& run, const ScoreCard& card);

// The timeline as a Markdown table: the run time (from the start of the
// run, "00:41:30") if `with_run_time`, the clock time of day
// (`start_of_day` + the run time, "09:41:30"), the kind, who, and what
// happened. Ground-truth rows are in italics; the caller says so above the
// table. An empty timeline is one sentence saying nothing happened.
std::string timeline_table(const std::vector<TimelineEntry>& timeline, SimTime start_of_day,
                           bool with_run_time);

}  // namespace firedrill
