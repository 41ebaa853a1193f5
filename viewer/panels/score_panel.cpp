// ScorePanel: plain widgets (no table for the items, whose reasons wrap),
// points and jump buttons aligned at the right edge.
#include "viewer/panels/score_panel.h"

#include <fmt/core.h>
#include <imgui.h>

#include <algorithm>
#include <string>

#include "viewer/panels/widgets.h"

namespace firedrill::viewer {
namespace {

// Green for full marks, amber for some, red for none.
ImVec4 points_color(int points, int max) {
  if (points >= max) return kGreen;
  return points > 0 ? kAmber : kRed;
}

// A section's bar: green from 80%, amber from 50%, red below.
ImVec4 bar_color(float fraction) {
  if (fraction >= 0.8f) return kGreen;
  return fraction >= 0.5f ? kAmber : kRed;
}

// "+12m30s" from the onset; "-2m" before it.
std::string from_onset(SimTime t, SimTime onset) {
  return t >= onset ? "+" + format_duration(t - onset) : "-" + format_duration(onset - t);
}

// The width of a jump button, for aligning what is left of it.
float jump_width() {
  return ImGui::CalcTextSize("@ 00:00:00").x + 2 * ImGui::GetStyle().FramePadding.x;
}

// A small "@ 00:17:30" button that puts the cursor at `t`.
void jump_button(ViewContext& ctx, SimTime t, int id) {
  ImGui::PushID(id);
  if (ImGui::SmallButton(("@ " + run_clock(t)).c_str())) ctx.jump_to = t;
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Go to %s (%s on the run's clock)", run_clock(t).c_str(),
                      clock_of_day(ctx.replay, t).c_str());
  }
  ImGui::PopID();
}

// Moves to the right end of the line, leaving `width` pixels.
void right_align(float width) {
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - width));
}

}  // namespace

ScorePanel::ScorePanel(const Replay& replay) : replay_(replay) {
  std::string team;
  if (replay.scenario && replay.scenario->incident) team = replay.scenario->incident->team;
  log_ = read_response_log(replay.recording.journal, std::move(team));
}

void ScorePanel::draw(ViewContext& ctx) {
  const CardSlot& slot = ctx.card;
  // Why there is no card at all gives nothing away.
  if (slot.state == CardSlot::State::kNone) {
    draw_not_ready(slot);
    return;
  }
  // The card's reasons name the root cause and its milestones the onset:
  // the ground truth, shown only with the hidden truth.
  if (!ctx.show_truth) {
    ImGui::TextUnformatted("Score card hidden");
    dim_wrapped(
        "It names the root cause and when the fault started, which the trainees did not "
        "see. Turn on Hidden truth (service graph) to show it.");
    if (ImGui::Button("Show the hidden truth")) ctx.show_truth = true;
    return;
  }
  if (slot.state != CardSlot::State::kReady || !slot.card) {
    draw_not_ready(slot);
    return;
  }
  draw_card(ctx, *slot.card);
}

void ScorePanel::draw_not_ready(const CardSlot& slot) const {
  switch (slot.state) {
    case CardSlot::State::kComputing: {
      // Something moves, so the panel does not look stuck for the seconds
      // the do-nothing run takes.
      static constexpr const char* kSpin[] = {"|", "/", "-", "\\"};
      const auto k = static_cast<std::size_t>(ImGui::GetTime() * 8) % 4;
      ImGui::Text("%s Scoring...", kSpin[k]);
      dim_wrapped(
          "Re-simulating the run with nobody acting, to compare what users felt. This takes "
          "about as long as the run did.");
      return;
    }
    case CardSlot::State::kFailed:
      ImGui::TextColored(kRed, "Scoring failed");
      ImGui::TextWrapped("%s", slot.error.c_str());
      return;
    case CardSlot::State::kNone:
    case CardSlot::State::kReady:
      break;
  }
  ImGui::TextUnformatted("Not scored");
  if (!replay_.scenario) {
    dim_wrapped("The run's scenario does not load (" + replay_.scenario_error +
                "), so there is nothing to score it against.");
  } else if (!replay_.scenario->incident) {
    dim_wrapped(
        "The scenario has no incident (`incident:`, the ground truth a response is scored "
        "against).");
  } else {
    dim_wrapped(
        "The viewer was started with --no-score. Run `firedrill score RUN` for the card, or open "
        "the run again without it.");
  }
}

void ScorePanel::link(const ScoreCard& card) {
  if (linked_ == &card) return;
  linked_ = &card;
  moments_.clear();
  for (const ScoreSection& s : card.sections) {
    std::vector<std::optional<SimTime>>& row = moments_.emplace_back();
    for (const ScoreItem& i : s.items) row.push_back(item_moment(card, s, i, &log_));
  }
}

void ScorePanel::draw_card(ViewContext& ctx, const ScoreCard& card) {
  if (!card.has_incident) {
    ImGui::TextUnformatted("Not scored");
    dim_wrapped(card.unscored);
    return;
  }
  link(card);
  // The total and the verdict.
  const int minimum = card.rubric.minimum;
  const bool pass = card.total >= minimum;
  ImGui::Text("Score %d / %d", card.total, card.max);
  ImGui::SameLine();
  ImGui::TextColored(pass ? kGreen : kRed, pass ? "PASS" : "FAIL");
  ImGui::SameLine();
  const bool given = replay_.scenario && replay_.scenario->scoring_given;
  dim(fmt::format("minimum {}{}", minimum, given ? "" : " (default)").c_str());
  if (!card.responders.empty()) {
    std::string who;
    for (const std::string& r : card.responders) who += (who.empty() ? "" : ", ") + r;
    dim_wrapped("responders: " + who);
  }
  const float total = card.max > 0 ? static_cast<float>(card.total) / card.max : 0;
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, pass ? kGreen : kRed);
  ImGui::ProgressBar(total, ImVec2(-1, 4), "");
  ImGui::PopStyleColor();
  ImGui::Spacing();

  const float points_w = ImGui::CalcTextSize("100/100").x;
  const float jump_w = jump_width();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  int id = 0;
  for (std::size_t s = 0; s < card.sections.size(); ++s) {
    const ScoreSection& section = card.sections[s];
    const float f = section.max > 0 ? static_cast<float>(section.points) / section.max : 1;
    ImGui::Separator();
    ImGui::TextUnformatted(section.title.c_str());
    const std::string pts = fmt::format("{} / {}", section.points, section.max);
    right_align(ImGui::CalcTextSize(pts.c_str()).x);
    ImGui::TextColored(points_color(section.points, section.max), "%s", pts.c_str());
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, bar_color(f));
    ImGui::ProgressBar(f, ImVec2(-1, 4), "");
    ImGui::PopStyleColor();
    ImGui::Indent();
    for (std::size_t i = 0; i < section.items.size(); ++i) {
      const ScoreItem& item = section.items[i];
      ImGui::TextUnformatted(item.title.c_str());
      const std::string ipts = fmt::format("{}/{}", item.points, item.max);
      right_align(points_w + spacing + jump_w);
      // Right-aligned within its slot, so the slashes line up.
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + points_w - ImGui::CalcTextSize(ipts.c_str()).x);
      ImGui::TextColored(points_color(item.points, item.max), "%s", ipts.c_str());
      if (const std::optional<SimTime>& at = moments_[s][i]) {
        ImGui::SameLine();
        jump_button(ctx, *at, ++id);
      }
      ImGui::Indent();
      dim_wrapped(item.reason);
      ImGui::Unindent();
    }
    ImGui::Unindent();
    ImGui::Spacing();
  }
  draw_milestones(ctx, card);
}

void ScorePanel::draw_milestones(ViewContext& ctx, const ScoreCard& card) const {
  if (!ImGui::CollapsingHeader("Response milestones", ImGuiTreeNodeFlags_DefaultOpen)) return;
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable("milestones", 3, kFlags)) return;
  ImGui::TableSetupColumn("Milestone", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("From onset", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Go", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableHeadersRow();
  int id = 1000;
  for (const Milestone& m : milestones(card.times)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (m.time) {
      ImGui::TextUnformatted(m.name);
    } else {
      dim(m.name);
    }
    ImGui::TableNextColumn();
    if (m.time) {
      ImGui::TextUnformatted(from_onset(*m.time, card.times.onset).c_str());
      ImGui::TableNextColumn();
      jump_button(ctx, *m.time, ++id);
    } else {
      dim("did not happen");
      ImGui::TableNextColumn();
    }
  }
  ImGui::EndTable();
}

}  // namespace firedrill::viewer
