#include "scoring/debrief.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>

#include "scoring/markdown.h"

namespace firedrill {
namespace {

namespace md = markdown;

std::string points(int got, int max) {
  return fmt::format("{}/{}", got, max);
}

// "recording `x.fdrec` · scenario `name` · seed 7 · responders: alice, bob".
std::string header(const ScoreCard& card, const std::string& recording) {
  std::string out =
      "# Debrief: " + md::escape(card.title.empty() ? card.scenario : card.title) + "\n\n";
  std::vector<std::string> parts;
  if (!recording.empty()) parts.push_back("Recording " + md::code(recording));
  parts.push_back("scenario " + md::code(card.scenario));
  parts.push_back("seed " + std::to_string(card.seed));
  parts.push_back("responded: " + (card.responders.empty()
                                       ? std::string("nobody acted")
                                       : md::escape(md::join(card.responders))));
  out += md::join(parts, " · ") + "\n";
  out += fmt::format("\nThe run reached {} ({} on the drill's clock).\n", md::run_time(card.end),
                     md::clock_time(card.start_of_day, card.end));
  return out;
}

std::string timeline_section(const ScoreCard& card, const std::vector<TimelineEntry>& timeline) {
  std::string out = "\n## Timeline\n\n";
  out +=
      "Run time counts from the start of the run; the clock is the time of day in the drill. "
      "Rows in *italics* are ground truth: the trainees did not see them during the drill.\n\n";
  out += timeline_table(timeline, card.start_of_day, true);
  return out;
}

std::string score_section(const ScoreCard& card) {
  std::string out = fmt::format("\n## Score: {}\n\n", points(card.total, card.max));
  std::vector<std::vector<std::string>> rows;
  for (const ScoreSection& s : card.sections) {
    rows.push_back({md::escape(s.title), points(s.points, s.max)});
  }
  out += md::table({"Section", "Points"}, {md::Align::kLeft, md::Align::kRight}, rows);
  for (const ScoreSection& s : card.sections) {
    out += fmt::format("\n### {}: {}\n\n", md::escape(s.title), points(s.points, s.max));
    std::vector<std::vector<std::string>> items;
    for (const ScoreItem& i : s.items) {
      items.push_back({md::escape(i.title), points(i.points, i.max), md::escape(i.reason)});
    }
    out += md::table({"Item", "Points", "Reason"},
                     {md::Align::kLeft, md::Align::kRight, md::Align::kLeft}, items);
  }
  return out;
}

std::string went_well(const ScoreCard& card) {
  std::string out = "\n## What went well\n\n";
  bool any = false;
  for (const ScoreSection& s : card.sections) {
    for (const ScoreItem& i : s.items) {
      if (i.max <= 0 || i.points < i.max) continue;
      out += fmt::format("- **{}** ({}): {}\n", md::escape(i.title), points(i.points, i.max),
                         md::escape(i.reason));
      any = true;
    }
  }
  if (!any) out += "No item of the score got full points.\n";
  return out;
}

std::string went_badly(const ScoreCard& card) {
  std::vector<const ScoreItem*> lost;
  for (const ScoreSection& s : card.sections) {
    for (const ScoreItem& i : s.items) {
      if (i.points < i.max) lost.push_back(&i);
    }
  }
  // The most costly first; the rubric's order among equals.
  std::stable_sort(lost.begin(), lost.end(), [](const ScoreItem* a, const ScoreItem* b) {
    return a->max - a->points > b->max - b->points;
  });
  std::string out = "\n## What did not go well\n\n";
  for (const ScoreItem* i : lost) {
    out += fmt::format("- **{}**: lost {} of {}: {}\n", md::escape(i->title),
                       md::count(i->max - i->points, "point"), i->max, md::escape(i->reason));
  }
  if (lost.empty()) out += "Nothing lost points.\n";
  return out;
}

// A milestone as a duration from the onset, "—" when it did not happen.
std::string from_onset(const std::optional<SimTime>& t, SimTime onset) {
  if (!t) return "—";
  if (*t < onset) return md::span(onset - *t) + " before the onset";
  return md::span(*t - onset);
}

std::string failed_requests(const ScoreCard& card) {
  return md::thousands(std::llround(card.impact.excess_bad));
}

std::string comparison(const ScoreCard& card, const ScoreCard* ref, const std::string& failure) {
  std::string out = "\n## Compared with the reference responder\n\n";
  if (!failure.empty()) {
    out +=
        "The scenario's reference responder failed on this seed, so there is nothing to "
        "compare this run with: " +
        md::escape(failure) + "\n";
    return out;
  }
  if (ref == nullptr) {
    out +=
        "This scenario has no reference responder (`responder:`), so there is nothing to compare "
        "this run with.\n";
    return out;
  }
  out += fmt::format(
      "The scenario's reference responder ({}) played the same scenario and seed. Times are "
      "from the onset of the incident ({} on the clock).\n\n",
      ref->responders.empty() ? std::string("a bot that did nothing")
                              : md::escape(md::join(ref->responders)),
      md::clock_time(card.start_of_day, card.times.onset));
  const ResponseTimes& y = card.times;
  const ResponseTimes& r = ref->times;
  const auto row = [&](const char* what, const std::optional<SimTime>& mine,
                       const std::optional<SimTime>& theirs) {
    return std::vector<std::string>{what, from_onset(mine, y.onset), from_onset(theirs, r.onset)};
  };
  std::vector<std::vector<std::string>> rows = {
      row("First signal (page or alert)", y.first_signal, r.first_signal),
      row("Detected", y.detected, r.detected),
      row("First page acknowledged", y.first_ack, r.first_ack),
      row("Incident declared", y.declared, r.declared),
      row("First mitigation started", y.first_mitigation, r.first_mitigation),
      row("Mitigated", y.mitigated, r.mitigated),
      row("First status update", y.first_status, r.first_status),
      row("Resolved", y.resolved, r.resolved),
  };
  rows.push_back({"Failed requests beyond normal (" + md::escape(card.impact.service) + ")",
                  failed_requests(card), failed_requests(*ref)});
  rows.push_back({"**Score**", "**" + points(card.total, card.max) + "**",
                  "**" + points(ref->total, ref->max) + "**"});
  out += md::table({"Milestone", "You", "Reference"},
                   {md::Align::kLeft, md::Align::kRight, md::Align::kRight}, rows);

  out += "\n";
  std::vector<std::vector<std::string>> sections;
  for (const ScoreSection& s : card.sections) {
    std::string theirs = "—";
    for (const ScoreSection& t : ref->sections) {
      if (t.id == s.id) theirs = points(t.points, t.max);
    }
    sections.push_back({md::escape(s.title), points(s.points, s.max), theirs});
  }
  out += md::table({"Section", "You", "Reference"},
                   {md::Align::kLeft, md::Align::kRight, md::Align::kRight}, sections);
  return out;
}

std::string what_happened(const ScoreCard& card, const IncidentSpec& incident) {
  std::string out = "\n## What really happened\n\n";
  if (!incident.summary.empty()) out += md::escape_lines(incident.summary) + "\n\n";
  std::vector<std::string> facts;
  if (!incident.root_cause_service.empty()) {
    facts.push_back("Root cause: " + md::code(incident.root_cause_fault) + " in " +
                    md::code(incident.root_cause_service));
  }
  facts.push_back("Onset: " + md::clock_time(card.start_of_day, card.times.onset) + " (run time " +
                  md::run_time(card.times.onset) + ")");
  if (card.rubric.severity > 0)
    facts.push_back(fmt::format("Severity: SEV-{}", card.rubric.severity));
  if (!incident.team.empty()) facts.push_back("Owning team: " + md::escape(incident.team));
  if (!incident.fixes.empty()) {
    std::vector<std::string> fixes;
    for (const FixSpec& f : incident.fixes) {
      std::string words = f.mitigation;
      for (const std::string& a : f.args) words += " " + a;
      fixes.push_back(md::code("mitigate " + words + " " + f.service));
    }
    facts.push_back("Fix: " + md::join(fixes, " or "));
  }
  for (const std::string& f : facts) out += "- " + f + "\n";
  return out;
}

}  // namespace

std::string debrief_markdown(const DebriefInput& in) {
  const ScoreCard& card = in.card;
  std::string out = header(card, in.recording_path);
  if (!card.has_incident) {
    out += "\nNothing to score: " + md::escape(card.unscored) +
           ". No score, no comparison with a reference responder; the timeline shows what "
           "happened.\n";
    out += timeline_section(card, in.timeline);
    return out;
  }
  out += score_section(card);
  out += went_well(card);
  out += went_badly(card);
  out += comparison(card, in.reference, in.reference_failure);
  if (in.incident != nullptr) out += what_happened(card, *in.incident);
  out += timeline_section(card, in.timeline);
  return out;
}

}  // namespace firedrill
