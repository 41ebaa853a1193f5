// The end-of-drill summary.
#include "cli/drill/summary.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "cli/drill/views.h"

namespace firedrill::cli::drill {
namespace {

std::string attribute(const RunEvent& e, std::string_view name) {
  for (const auto& [k, v] : e.attributes) {
    if (k == name) return v;
  }
  return "";
}

// A path as a shell reads it back: as is if plain, else in single quotes.
std::string shell_word(const std::string& path) {
  const bool plain = !path.empty() && path.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789_./-+=:,@") == std::string::npos;
  if (plain) return path;
  std::string out = "'";
  for (char c : path) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string wall_text(double seconds) {
  return short_duration(static_cast<SimTime>(std::llround(seconds)) * kSecond);
}

void add_pages(const DrillReport& r, Lines& out) {
  if (r.pager == nullptr) return;
  const auto at = [&](SimTime t) { return clock_text(t, r.start_of_day); };
  const auto& incidents = r.pager->incidents();
  out.push_back({Tone::kHeading, fmt::format("Pages: {} incident{}", incidents.size(),
                                             incidents.size() == 1 ? "" : "s")});
  for (const Incident& incident : incidents) {
    std::vector<std::string> paged;
    for (const RunEvent& e : r.result->paging_events) {
      if (e.kind != "page" || attribute(e, "incident") != std::to_string(incident.id)) continue;
      const std::string person = attribute(e, "person");
      if (std::find(paged.begin(), paged.end(), person) == paged.end()) paged.push_back(person);
    }
    out.push_back({Tone::kPlain, fmt::format("  #{} {}  {}  {}", incident.id, incident.team,
                                             incident_state_name(incident.state), incident.title)});
    std::string detail = "      triggered " + at(incident.triggered_at) + ", paged ";
    if (paged.empty()) detail += "nobody";
    for (std::size_t i = 0; i < paged.size(); ++i) detail += (i > 0 ? ", " : "") + paged[i];
    if (incident.acknowledged_at) {
      detail += fmt::format("; acknowledged by {} at {} ({} after it triggered)",
                            incident.acknowledged_by, at(*incident.acknowledged_at),
                            short_duration(*incident.acknowledged_at - incident.triggered_at));
    } else {
      detail += "; never acknowledged";
    }
    if (incident.resolved_at) {
      detail +=
          fmt::format("; resolved by {} at {}", incident.resolved_by, at(*incident.resolved_at));
    }
    out.push_back({Tone::kDim, detail});
  }
}

void add_actions(const DrillReport& r, Lines& out) {
  int applied = 0, refused = 0;
  Lines lines;
  for (const RunEvent& e : r.result->response_events) {
    const bool ok = e.kind == "action";
    if (!ok && e.kind != "action_refused") continue;
    (ok ? applied : refused)++;
    std::string text = fmt::format("  {} {}: {}", clock_text(e.time, r.start_of_day),
                                   attribute(e, "actor"), attribute(e, "text"));
    if (!ok) text += "  (refused: " + attribute(e, "reason") + ")";
    lines.push_back({ok ? Tone::kPlain : Tone::kBad, text});
  }
  out.push_back({Tone::kHeading, fmt::format("Actions: {} ({} applied, {} refused)",
                                             applied + refused, applied, refused)});
  out.insert(out.end(), lines.begin(), lines.end());
}

void add_mitigations(const DrillReport& r, Lines& out) {
  const auto& events = r.result->response_events;
  std::vector<bool> used(events.size(), false);
  Lines lines;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const RunEvent& e = events[i];
    if (e.kind != "mitigation") continue;
    std::string text = fmt::format("  {} {}: started {}", attribute(e, "action"), e.service,
                                   clock_text(e.time, r.start_of_day));
    bool done = false;
    for (std::size_t j = i; j < events.size(); ++j) {
      const RunEvent& d = events[j];
      if (used[j] || d.kind != "mitigation_done" || d.service != e.service ||
          attribute(d, "action") != attribute(e, "action")) {
        continue;
      }
      used[j] = true;
      done = true;
      if (d.time != e.time) text += ", done " + clock_text(d.time, r.start_of_day);
      break;
    }
    if (!done) text += ", not done when the drill ended";
    lines.push_back({Tone::kPlain, text});
  }
  out.push_back({Tone::kHeading, lines.empty() ? "Mitigations: none" : "Mitigations:"});
  out.insert(out.end(), lines.begin(), lines.end());
}

void add_incident(const DrillReport& r, Lines& out) {
  const DeclaredIncident& incident = *r.incident;
  const auto at = [&](SimTime t) { return clock_text(t, r.start_of_day); };
  if (!incident.declared) {
    out.push_back({Tone::kHeading, "Incident: none declared"});
    return;
  }
  std::string text = fmt::format("Incident: \"{}\" declared {} by {}", incident.title,
                                 at(incident.declared_at), incident.declared_by);
  if (incident.severity > 0) text += fmt::format(", SEV-{}", incident.severity);
  text += incident.resolved_at ? ", resolved " + at(*incident.resolved_at) : ", still open";
  out.push_back({Tone::kHeading, text});
  if (!incident.root_cause_service.empty()) {
    out.push_back(
        {Tone::kPlain, fmt::format("  root cause named: {} in {}", incident.root_cause_fault,
                                   incident.root_cause_service)});
  }
  for (const auto& [role, person] : incident.roles) {
    out.push_back({Tone::kPlain, fmt::format("  {}: {}", role, person)});
  }
  if (!incident.updates.empty()) {
    out.push_back({Tone::kPlain, fmt::format("  status updates: {}", incident.updates.size())});
  }
}

}  // namespace

Lines drill_summary(const DrillReport& r) {
  Lines out;
  const RunResult& result = *r.result;
  out.push_back(
      {Tone::kHeading, fmt::format("Drill over: {} at {} ({} simulated in {})", r.ended,
                                   clock_text(result.end, r.start_of_day),
                                   short_duration(result.end), wall_text(r.wall_seconds))});
  add_pages(r, out);
  add_actions(r, out);
  add_mitigations(r, out);
  add_incident(r, out);
  out.push_back({Tone::kPlain, "Recording:  " + r.recording});
  out.push_back({Tone::kPlain, "Action log: " + r.action_log});
  out.push_back({Tone::kPlain, "Debrief:    firedrill debrief " + shell_word(r.recording) +
                                   "   (the score: firedrill score " + shell_word(r.recording) +
                                   ")"});
  out.push_back({Tone::kDim, "Replay:     firedrill run " + shell_word(r.scenario_path) +
                                 " --actions " + shell_word(r.action_log) + " --out replay.fdrec"});
  return out;
}

}  // namespace firedrill::cli::drill
