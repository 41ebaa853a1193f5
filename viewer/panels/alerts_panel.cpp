// AlertsPanel: "Now" as one small table (active alerts, then open pager
// incidents), then the history as one clipped table, newest first, whose
// incidents unfold into their pages. Everything after the cursor is hidden:
// the panel shows what the trainees could have seen by then.
#include "viewer/panels/alerts_panel.h"

#include <fmt/core.h>
#include <imgui.h>

#include <algorithm>
#include <string>

#include "viewer/panels/widgets.h"

namespace firedrill::viewer {
namespace {

// The state of an alert span at `t` in words and colour; "" before it.
struct StateLook {
  const char* word = "";
  ImVec4 color;
};

StateLook alert_look(const AlertSpan& a, SimTime t) {
  switch (alert_state_at(a, t)) {
    case AlertState::kFiring:
      return {"firing", kRed};
    case AlertState::kPending:
      return {"pending", kAmber};
    case AlertState::kInactive:
      break;
  }
  if (t < a.pending) return {"", kGrey};
  // Ended: resolved if it fired first, else cleared while pending.
  return {a.firing && *a.firing <= t ? "resolved" : "cleared", kGrey};
}

// "acked", not "acknowledged": the state columns are narrow.
StateLook incident_look(IncidentState s) {
  switch (s) {
    case IncidentState::kTriggered:
      return {"triggered", kRed};
    case IncidentState::kAcknowledged:
      return {"acked", kAmber};
    case IncidentState::kResolved:
      return {"resolved", kGreen};
    case IncidentState::kNotYet:
      break;
  }
  return {"", kGrey};
}

// The last page of `incident` sent at or before `t`, if any.
const PageSent* last_page(const PagerIncident& incident, SimTime t) {
  const PageSent* last = nullptr;
  for (const PageSent& p : incident.pages) {
    if (p.time <= t) last = &p;
  }
  return last;
}

// The alert's service and severity: "checkout, page".
std::string alert_where(const AlertSpan& a) {
  std::string s = a.service.empty() ? std::string("(no service)") : a.service;
  if (!a.severity.empty()) s += ", " + a.severity;
  return s;
}

constexpr ImGuiTableFlags kTableFlags =
    ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;

}  // namespace

AlertsPanel::AlertsPanel(const Replay& replay) : replay_(replay) {
  const IncidentHistory& h = replay.history;
  by_start_.reserve(h.alerts.size() + h.incidents.size());
  for (std::size_t i = 0; i < h.alerts.size(); ++i) by_start_.push_back({Row::Kind::kAlert, i, 0});
  for (std::size_t i = 0; i < h.incidents.size(); ++i) {
    by_start_.push_back({Row::Kind::kIncident, i, 0});
  }
  const auto start = [&h](const Row& r) {
    return r.kind == Row::Kind::kAlert ? h.alerts[r.index].pending : h.incidents[r.index].triggered;
  };
  // Stable: at equal times an alert comes before the incident it caused.
  std::stable_sort(by_start_.begin(), by_start_.end(),
                   [&](const Row& a, const Row& b) { return start(a) < start(b); });
  start_times_.reserve(by_start_.size());
  for (const Row& r : by_start_) start_times_.push_back(start(r));
}

void AlertsPanel::draw(ViewContext& ctx) {
  const SimTime t = ctx.playback.cursor();
  // "Now" takes what it needs, up to half the panel (a run with dozens of
  // alerts firing scrolls it); the history gets the rest. Its height is
  // measured as drawn and used from the next frame on.
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float cap = std::max(ImGui::GetContentRegionAvail().y * 0.5f, 4 * line);
  const float height = now_height_ > 0 ? std::min(now_height_, cap) : cap;
  if (ImGui::BeginChild("now", ImVec2(0, height))) {
    draw_now(ctx, t);
    now_height_ = ImGui::GetCursorPosY();  // the content height, whatever the scroll
  }
  ImGui::EndChild();
  ImGui::Spacing();
  draw_history(ctx, t);
}

void AlertsPanel::draw_now(ViewContext& ctx, SimTime t) {
  const IncidentHistory& h = replay_.history;
  // The active alerts, firing before pending, the longest-standing first.
  std::vector<const AlertSpan*> active;
  bool any_started = false;
  for (const AlertSpan& a : h.alerts) {
    if (a.pending > t) continue;
    any_started = true;
    if (alert_state_at(a, t) != AlertState::kInactive) active.push_back(&a);
  }
  const auto since = [t](const AlertSpan* a) {
    return a->firing && *a->firing <= t ? *a->firing : a->pending;
  };
  const auto firing = [t](const AlertSpan* a) {
    return alert_state_at(*a, t) == AlertState::kFiring;
  };
  std::stable_sort(active.begin(), active.end(), [&](const AlertSpan* a, const AlertSpan* b) {
    if (firing(a) != firing(b)) return firing(a);
    return since(a) < since(b);
  });
  std::vector<const PagerIncident*> open;
  bool any_paged = false;
  for (const PagerIncident& i : h.incidents) {
    const IncidentState s = incident_state_at(i, t);
    if (s != IncidentState::kNotYet) any_paged = true;
    if (s == IncidentState::kTriggered || s == IncidentState::kAcknowledged) open.push_back(&i);
  }

  const auto n_firing = std::count_if(active.begin(), active.end(), firing);
  ImGui::Text("Now, at %s", run_clock(t).c_str());
  ImGui::SameLine();
  dim(fmt::format("  {} firing, {} pending, {} incident{} open", n_firing,
                  static_cast<long>(active.size()) - n_firing, open.size(),
                  open.size() == 1 ? "" : "s"));
  ImGui::Separator();

  // One table for both, so that their columns line up: state, what (two
  // lines: name and where, then the summary or title), since when.
  if ((!active.empty() || !open.empty()) && ImGui::BeginTable("now", 3, kTableFlags)) {
    ImGui::TableSetupColumn("state", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("since", ImGuiTableColumnFlags_WidthFixed);
    int id = 0;
    for (const AlertSpan* a : active) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const StateLook look = alert_look(*a, t);
      colored(look.color, look.word);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(a->name.c_str());
      ImGui::SameLine();
      dim(alert_where(*a));
      dim(a->summary.empty() ? std::string("(no summary)") : a->summary);
      if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("%s%s\n%s", a->name.c_str(), a->labels.c_str(), a->summary.c_str());
      }
      ImGui::TableNextColumn();
      time_link(ctx, since(a), ++id);
      dim("for " + format_duration(t - since(a)));
    }
    for (const PagerIncident* i : open) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const IncidentState state = incident_state_at(*i, t);
      const StateLook look = incident_look(state);
      colored(look.color, look.word);
      ImGui::TableNextColumn();
      ImGui::Text("#%s %s", i->id.c_str(), i->team.c_str());
      ImGui::SameLine();
      // Since: the acknowledgement, else the last page (or the trigger).
      SimTime from = i->triggered;
      if (const PagerIncident::Ack* ack = ack_at(*i, t);
          state == IncidentState::kAcknowledged && ack != nullptr) {
        dim("ack by " + ack->person);
        from = ack->time;
      } else if (const PageSent* p = last_page(*i, t)) {
        dim(fmt::format("paged {} (level {})", p->person, p->level));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p->reason.c_str());
        from = p->time;
      } else {
        dim("nobody paged");
      }
      dim(i->title);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", i->title.c_str());
      ImGui::TableNextColumn();
      time_link(ctx, from, ++id);
      dim("for " + format_duration(t - from));
    }
    ImGui::EndTable();
  }
  if (active.empty()) {
    if (replay_.scenario && replay_.scenario->alert_rules.empty()) {
      dim("This run has no alert rules.");
    } else if (!any_started) {
      dim("No alert has fired yet.");
    } else {
      dim("No alert is firing or pending.");
    }
  }
  if (open.empty()) {
    if (!any_paged) {
      dim(replay_.scenario && !replay_.scenario->routing
              ? "Nobody is paged in this scenario (it has no routing)."
              : "Nobody has been paged yet.");
    } else {
      dim("No pager incident is open.");
    }
  }
}

void AlertsPanel::build_rows(SimTime t) {
  const IncidentHistory& h = replay_.history;
  const auto n = static_cast<std::size_t>(
      std::upper_bound(start_times_.begin(), start_times_.end(), t) - start_times_.begin());
  rows_.clear();
  for (std::size_t k = n; k-- > 0;) {
    const Row& r = by_start_[k];
    rows_.push_back(r);
    if (r.kind != Row::Kind::kIncident || !expanded_.contains(r.index)) continue;
    const std::vector<PageSent>& pages = h.incidents[r.index].pages;
    for (std::size_t p = 0; p < pages.size() && pages[p].time <= t; ++p) {
      rows_.push_back({Row::Kind::kPage, r.index, p});
    }
  }
}

void AlertsPanel::draw_history(ViewContext& ctx, SimTime t) {
  ImGui::TextUnformatted("History");
  ImGui::SameLine();
  dim("  up to the cursor, newest first");
  if (!replay_.rule_files.empty()) {
    // The run replaced the scenario's rules: say whose alerts these are.
    std::string files;
    for (const std::string& f : replay_.rule_files) files += (files.empty() ? "" : ", ") + f;
    ImGui::SameLine();
    dim("  rules: " + files);
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip(
          "The run used the team's own rule files (run --rules %s)\ninstead of "
          "the scenario's alert rules.",
          files.c_str());
    }
  }
  ImGui::Separator();
  build_rows(t);
  if (rows_.empty()) {
    dim("No alert and no page yet.");
    return;
  }
  // At least a few rows, even if "Now" is tall: then the panel scrolls.
  const float min_height = 6 * ImGui::GetTextLineHeightWithSpacing();
  const float height = std::max(ImGui::GetContentRegionAvail().y, min_height);
  if (!ImGui::BeginTable("history", 5, kTableFlags | ImGuiTableFlags_ScrollY, ImVec2(0, height))) {
    return;
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Started", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Alert / incident", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Fired/ack", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Ended", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableHeadersRow();
  const IncidentHistory& h = replay_.history;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows_.size()));
  while (clipper.Step()) {
    for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
      const Row& r = rows_[static_cast<std::size_t>(k)];
      ImGui::TableNextRow();
      ImGui::PushID(k);
      if (r.kind == Row::Kind::kAlert) {
        const AlertSpan& a = h.alerts[r.index];
        ImGui::TableNextColumn();
        time_link(ctx, a.pending, 1);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(a.name.c_str());
        if (ImGui::IsItemHovered()) {
          ImGui::SetTooltip("%s%s\n%s", a.name.c_str(), a.labels.c_str(), a.summary.c_str());
        }
        ImGui::SameLine();
        dim(alert_where(a));
        ImGui::TableNextColumn();
        if (a.firing && *a.firing <= t) time_link(ctx, *a.firing, 2);
        ImGui::TableNextColumn();
        if (a.ended && *a.ended <= t) time_link(ctx, *a.ended, 3);
        ImGui::TableNextColumn();
        const StateLook look = alert_look(a, t);
        colored(look.color, look.word);
      } else if (r.kind == Row::Kind::kIncident) {
        const PagerIncident& i = h.incidents[r.index];
        ImGui::TableNextColumn();
        time_link(ctx, i.triggered, 1);
        ImGui::TableNextColumn();
        const bool open = expanded_.contains(r.index);
        ImGui::SetNextItemOpen(open);
        const std::string label =
            fmt::format("#{} {}: {}##incident{}", i.id, i.team, i.title, r.index);
        if (ImGui::TreeNodeEx(label.c_str(), ImGuiTreeNodeFlags_NoTreePushOnOpen) != open) {
          if (open) {
            expanded_.erase(r.index);
          } else {
            expanded_.insert(r.index);
          }
        }
        if (ImGui::IsItemHovered()) {
          // Only the pages sent by now: the rest is the future.
          const auto sent = std::count_if(i.pages.begin(), i.pages.end(),
                                          [t](const PageSent& p) { return p.time <= t; });
          ImGui::SetTooltip("#%s %s: %s\n%ld page%s so far; click to %s them", i.id.c_str(),
                            i.team.c_str(), i.title.c_str(), static_cast<long>(sent),
                            sent == 1 ? "" : "s", open ? "hide" : "show");
        }
        ImGui::TableNextColumn();
        if (const PagerIncident::Ack* ack = ack_at(i, t)) time_link(ctx, ack->time, 2);
        ImGui::TableNextColumn();
        if (i.resolved && *i.resolved <= t) time_link(ctx, *i.resolved, 3);
        ImGui::TableNextColumn();
        const StateLook look = incident_look(incident_state_at(i, t));
        colored(look.color, look.word);
      } else {
        const PageSent& p = h.incidents[r.index].pages[r.page];
        ImGui::TableNextColumn();
        time_link(ctx, p.time, 1);
        ImGui::TableNextColumn();
        ImGui::Indent();
        dim(fmt::format("paged {} (level {}): {}", p.person, p.level, p.reason));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.reason.c_str());
        ImGui::Unindent();
      }
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
}

}  // namespace firedrill::viewer
