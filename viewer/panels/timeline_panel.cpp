// TimelinePanel: controls on one line, then the track drawn with ImDrawList
// over an invisible button that takes the mouse.
#include "viewer/panels/timeline_panel.h"

#include <fmt/core.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "viewer/replay/health.h"

namespace firedrill::viewer {
namespace {

constexpr float kLaneHeight = 14.0f;
constexpr float kBandHeight = 8.0f;
constexpr float kAxisHeight = 14.0f;
constexpr float kHoverRadius = 5.0f;
constexpr float kMargin = 6.0f;

ImU32 marker_color(MarkerKind kind) {
  switch (kind) {
    case MarkerKind::kFault:
      return IM_COL32(230, 60, 230, 255);
    case MarkerKind::kAlertFiring:
      return IM_COL32(235, 70, 60, 255);
    case MarkerKind::kAlertResolved:
      return IM_COL32(120, 190, 120, 255);
    case MarkerKind::kPage:
      return IM_COL32(255, 150, 40, 255);
    case MarkerKind::kEscalation:
      return IM_COL32(255, 210, 60, 255);
    case MarkerKind::kAction:
      return IM_COL32(90, 170, 255, 255);
    case MarkerKind::kMitigation:
      return IM_COL32(60, 220, 220, 255);
    case MarkerKind::kInject:
      return IM_COL32(200, 200, 200, 255);
    case MarkerKind::kResolution:
      return IM_COL32(80, 230, 120, 255);
    case MarkerKind::kChange:
      return IM_COL32(170, 140, 255, 255);
  }
  return IM_COL32_WHITE;
}

// Glyphs differ by lane so that colour is not the only cue.
void draw_glyph(ImDrawList* draw, ImVec2 c, MarkerKind kind, float r) {
  const ImU32 col = marker_color(kind);
  switch (marker_lane(kind)) {
    case 0:  // ground truth and changes: diamonds
      draw->AddQuadFilled(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r),
                          ImVec2(c.x - r, c.y), col);
      break;
    case 1:  // monitoring and paging: triangles
      draw->AddTriangleFilled(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y + r),
                              ImVec2(c.x - r, c.y + r), col);
      break;
    default:  // people: circles
      draw->AddCircleFilled(c, r * 0.85f, col, 10);
  }
}

// "01:02:03": the cursor moves by fractions of a second while playing; the
// controls show whole seconds so that the text does not flicker.
std::string hms(SimTime t) {
  return fmt::format("{:02}:{:02}:{:02}", t / kHour, t % kHour / kMinute, t % kMinute / kSecond);
}

// A tick spacing that gives at most `max_ticks` labelled ticks over `span`.
SimTime tick_step(SimTime span, int max_ticks) {
  static constexpr SimTime kSteps[] = {kMinute,      2 * kMinute,  5 * kMinute, 10 * kMinute,
                                       15 * kMinute, 30 * kMinute, kHour,       2 * kHour,
                                       6 * kHour,    12 * kHour,   kDay};
  for (SimTime s : kSteps) {
    if (span / s <= max_ticks) return s;
  }
  return kDay * (span / kDay / std::max(1, max_ticks) + 1);
}

}  // namespace

int marker_lane(MarkerKind kind) {
  switch (kind) {
    case MarkerKind::kFault:
    case MarkerKind::kChange:
      return 0;
    case MarkerKind::kAlertFiring:
    case MarkerKind::kAlertResolved:
    case MarkerKind::kPage:
    case MarkerKind::kEscalation:
      return 1;
    default:
      return 2;
  }
}

TimelinePanel::TimelinePanel(const Replay& replay) {
  const RunSeries& series = replay.series;
  worst_state_.assign(series.scrapes, static_cast<std::uint8_t>(HealthState::kNoData));
  for (std::size_t k = 0; k < series.scrapes; ++k) {
    auto worst = HealthState::kNoData;
    for (const ServiceSeries& s : series.services) {
      worst = std::max(worst, health_at(s, k).state);
    }
    worst_state_[k] = static_cast<std::uint8_t>(worst);
  }
}

void TimelinePanel::draw(ViewContext& ctx) {
  draw_controls(ctx);
  draw_track(ctx);
}

void TimelinePanel::draw_controls(ViewContext& ctx) {
  Playback& p = ctx.playback;
  const Replay& replay = ctx.replay;
  if (ImGui::Button(p.playing() ? "Pause" : "Play ", ImVec2(56, 0))) p.toggle_play();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Space");
  ImGui::SameLine();
  if (ImGui::ArrowButton("##back", ImGuiDir_Left)) p.step_back();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Back one scrape (Left)");
  ImGui::SameLine();
  if (ImGui::ArrowButton("##forward", ImGuiDir_Right)) p.step_forward();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Forward one scrape (Right)");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90);
  const std::string speed = fmt::format("{}x", p.speed());
  if (ImGui::BeginCombo("##speed", speed.c_str())) {
    for (int i = 0; i < static_cast<int>(kSpeeds.size()); ++i) {
      const std::string label = fmt::format("{}x", kSpeeds[static_cast<std::size_t>(i)]);
      if (ImGui::Selectable(label.c_str(), i == p.speed_index())) p.set_speed_index(i);
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Playback speed (+ and -)");
  ImGui::SameLine();
  ImGui::Text("%s / %s", hms(p.cursor()).c_str(), hms(p.end()).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("(clock %s)",
                      hms((replay.recording.info.start_of_day + p.cursor()) % kDay).c_str());
  const RunInfo& info = replay.recording.info;
  ImGui::SameLine();
  ImGui::TextDisabled("| %s, seed %llu%s", info.scenario_title.c_str(),
                      static_cast<unsigned long long>(info.seed),
                      replay.recording.status == RunStatus::kComplete
                          ? ""
                          : fmt::format(" ({})", run_status_name(replay.recording.status)).c_str());
  if (ImGui::IsItemHovered() && !replay.recording.error.empty()) {
    ImGui::SetTooltip("The run stopped: %s", replay.recording.error.c_str());
  }
  ImGui::SameLine();
  ImGui::TextDisabled("| legend");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted("Band: the worst service health at each scrape");
    for (std::size_t i = 0; i < kMarkerKindCount; ++i) {
      const auto kind = static_cast<MarkerKind>(i);
      const ImVec2 at = ImGui::GetCursorScreenPos();
      draw_glyph(ImGui::GetWindowDrawList(), ImVec2(at.x + 6, at.y + 8), kind, 4.5f);
      ImGui::Dummy(ImVec2(14, 14));
      ImGui::SameLine();
      ImGui::Text(
          "%s%s", marker_kind_name(kind),
          kind == MarkerKind::kFault ? " (with Hidden truth on, in the service graph)" : "");
    }
    ImGui::TextUnformatted("Keys: Space play/pause, Left/Right step, +/- speed, Home/End");
    ImGui::EndTooltip();
  }
}

void TimelinePanel::draw_track(ViewContext& ctx) {
  const Replay& replay = ctx.replay;
  Playback& p = ctx.playback;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 button = ImGui::GetCursorScreenPos();
  const float full_width = std::max(50.0f, ImGui::GetContentRegionAvail().x);
  const float height = kBandHeight + 3 * kLaneHeight + kAxisHeight;
  ImGui::InvisibleButton("##track", ImVec2(full_width, height));
  // Room for half a glyph at either end.
  const ImVec2 origin(button.x + kMargin, button.y);
  const float width = full_width - 2 * kMargin;
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();
  const SimTime end = std::max<SimTime>(1, replay.end());
  const auto x_of = [&](SimTime t) {
    return origin.x + width * static_cast<float>(static_cast<double>(t) / static_cast<double>(end));
  };
  const auto t_of = [&](float x) {
    return static_cast<SimTime>(std::clamp((x - origin.x) / width, 0.0f, 1.0f) *
                                static_cast<double>(end));
  };

  // The health band: each scrape's worst service state.
  const float band_top = origin.y;
  const RunSeries& series = replay.series;
  for (std::size_t k = 0; k < worst_state_.size(); ++k) {
    const float x0 = x_of(series.time_of(k));
    const float x1 = k + 1 < worst_state_.size() ? x_of(series.time_of(k + 1)) : x_of(end);
    draw->AddRectFilled(ImVec2(x0, band_top), ImVec2(std::max(x1, x0 + 1), band_top + kBandHeight),
                        health_color(static_cast<HealthState>(worst_state_[k])));
  }

  // Lanes.
  const float lanes_top = band_top + kBandHeight + 1;
  for (int lane = 0; lane < 3; ++lane) {
    const float y = lanes_top + lane * kLaneHeight;
    draw->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + width, y + kLaneHeight - 1),
                        lane % 2 == 0 ? IM_COL32(40, 40, 48, 255) : IM_COL32(34, 34, 40, 255));
  }
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  std::vector<const Marker*> under_mouse;
  float last_x[kMarkerKindCount];
  std::fill(std::begin(last_x), std::end(last_x), -1e9f);
  for (const Marker& m : replay.markers) {
    if (m.ground_truth && !ctx.show_truth) continue;
    const int lane = marker_lane(m.kind);
    const ImVec2 c(x_of(m.time), lanes_top + lane * kLaneHeight + kLaneHeight * 0.5f - 0.5f);
    if (hovered && std::abs(mouse.x - c.x) <= kHoverRadius &&
        std::abs(mouse.y - c.y) <= kLaneHeight * 0.5f) {
      under_mouse.push_back(&m);
    }
    // Many markers on one pixel: draw one.
    float& last = last_x[static_cast<std::size_t>(m.kind)];
    if (c.x - last < 1.0f) continue;
    last = c.x;
    draw_glyph(draw, c, m.kind, 4.5f);
  }

  // Time axis.
  const float axis_top = lanes_top + 3 * kLaneHeight;
  const SimTime step = tick_step(end, static_cast<int>(width / 70.0f));
  for (SimTime t = 0; t <= end; t += step) {
    const float x = x_of(t);
    draw->AddLine(ImVec2(x, axis_top), ImVec2(x, axis_top + 3), IM_COL32(150, 150, 150, 255));
    const std::string label = format_duration(t);
    if (x + ImGui::CalcTextSize(label.c_str()).x <= origin.x + width) {
      draw->AddText(ImVec2(x + 3, axis_top), IM_COL32(150, 150, 150, 255), label.c_str());
    }
  }

  // The cursor.
  const float cx = x_of(p.cursor());
  draw->AddLine(ImVec2(cx, band_top - 2), ImVec2(cx, axis_top), IM_COL32(255, 255, 255, 230), 2.0f);
  draw->AddTriangleFilled(ImVec2(cx - 5, band_top - 2), ImVec2(cx + 5, band_top - 2),
                          ImVec2(cx, band_top + 4), IM_COL32(255, 255, 255, 255));

  if (!under_mouse.empty()) {
    ImGui::BeginTooltip();
    const std::size_t shown = std::min<std::size_t>(under_mouse.size(), 12);
    for (std::size_t i = 0; i < shown; ++i) {
      const Marker& m = *under_mouse[i];
      ImGui::TextColored(ImColor(marker_color(m.kind)), "%s", hms(m.time).c_str());
      ImGui::SameLine();
      ImGui::TextUnformatted(m.text.c_str());
    }
    if (under_mouse.size() > shown)
      ImGui::TextDisabled("... and %zu more", under_mouse.size() - shown);
    ImGui::TextDisabled("click to jump");
    ImGui::EndTooltip();
  } else if (hovered) {
    ImGui::SetTooltip("%s (drag to scrub)", hms(t_of(mouse.x)).c_str());
  }
  // A press on a marker jumps to it; the track scrubs on a press elsewhere,
  // or once the mouse is dragged away from the marker.
  if (ImGui::IsItemClicked()) {
    pressed_on_marker_ = !under_mouse.empty();
    if (pressed_on_marker_) ctx.jump_to = under_mouse.front()->time;
  }
  if (active && (!pressed_on_marker_ || ImGui::IsMouseDragging(ImGuiMouseButton_Left))) {
    p.pause();
    p.seek(t_of(mouse.x));
  }
}

}  // namespace firedrill::viewer
