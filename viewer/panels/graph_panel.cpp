// GraphPanel: a toolbar line (hidden truth, legend, selection), then the
// canvas drawn with ImDrawList over an invisible button that takes the
// mouse. Everything in pixels is computed when the canvas changes size and
// health when the cursor crosses a scrape, so that a frame only draws.
#include "viewer/panels/graph_panel.h"

#include <fmt/core.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/base/time.h"

namespace firedrill::viewer {
namespace {

constexpr float kMinRadius = 6.0f;
constexpr float kMaxRadius = 15.0f;
// A node's radius as a fraction of the distance to its nearest neighbour.
constexpr float kRadiusOfSpacing = 0.26f;
// How much the canvas may stretch the layout's own shape to use the space.
constexpr float kMaxStretch = 1.8f;
constexpr float kLabelGap = 5.0f;   // between a circle and its name (clear of the down ring)
constexpr float kDownRing = 3.5f;   // the down ring's thickness
constexpr float kCanvasPad = 4.0f;  // around everything drawn

constexpr ImU32 kOutline = IM_COL32(15, 15, 18, 220);
constexpr ImU32 kDownRingColour = IM_COL32(35, 8, 8, 255);
constexpr ImU32 kSelectedColour = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kHoverColour = IM_COL32(255, 255, 255, 130);
constexpr ImU32 kLabelColour = IM_COL32(215, 215, 220, 255);
constexpr ImU32 kLabelBackground = IM_COL32(15, 15, 15, 200);  // the window background
constexpr ImU32 kFaultColour = IM_COL32(230, 60, 230, 255);    // the timeline's fault marks
constexpr ImU32 kRootCauseColour = IM_COL32(230, 140, 230, 255);
constexpr ImU32 kTagBackground = IM_COL32(40, 12, 40, 230);

ImVec2 at(float x, float y) {
  return ImVec2(x, y);
}

// The radius of the hidden truth's fault ring around a node of radius r:
// clear of the down and selection rings, closer in around small nodes.
float truth_ring(float r) {
  return r + std::clamp(0.7f * r, 4.0f, 8.0f);
}

// An edge's colour from the share of its calls that failed: grey when none
// did, towards red as more do (square root, so that a few percent already
// shows); dim when nothing was called.
ImU32 edge_colour(float failure_ratio) {
  if (std::isnan(failure_ratio)) return IM_COL32(85, 85, 92, 150);
  const float t = std::sqrt(std::clamp(failure_ratio / 0.5f, 0.0f, 1.0f));
  const auto mix = [t](float a, float b) { return static_cast<int>(a + (b - a) * t + 0.5f); };
  return IM_COL32(mix(150, 235), mix(150, 55), mix(160, 50), 230);
}

// An edge's thickness from its call rate: 1 px at 1 call/s or less,
// `widest` at 1000/s and beyond, logarithmic between.
float edge_thickness(float call_rate, float widest) {
  if (std::isnan(call_rate) || call_rate <= 0) return 1.0f;
  return 1.0f + (widest - 1.0f) * std::clamp(std::log10(1.0f + call_rate) / 3.0f, 0.0f, 1.0f);
}

float value_at(const std::vector<float>& series, std::size_t k) {
  return k < series.size() ? series[k] : std::numeric_limits<float>::quiet_NaN();
}

std::string rate_text(float v) {
  return std::isnan(v) ? "n/a" : fmt::format("{:.1f}/s", v);
}
std::string percent_text(float ratio) {
  return std::isnan(ratio) ? "n/a" : fmt::format("{:.2f}%", 100.0 * ratio);
}
std::string seconds_text(float s) {
  if (std::isnan(s)) return "n/a";
  if (s < 0.01f) return fmt::format("{:.2f} ms", 1000.0 * s);
  if (s < 1.0f) return fmt::format("{:.0f} ms", 1000.0 * s);
  return fmt::format("{:.2f} s", s);
}

// A dot of a health colour, as in the legend and the tooltip, on the
// current line.
void health_dot(HealthState state) {
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(at(h, h));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 c = at(p.x + h / 2, p.y + h / 2);
  const float r = h * 0.36f;
  draw->AddCircleFilled(c, r, health_color(state));
  if (state == HealthState::kDown) {
    draw->AddCircle(c, r * 0.75f, kDownRingColour, 0, 2.0f);
  }
}

// Text centred on x with its top at y, on a dark box so that it stays
// readable over edges.
void boxed_text(ImDrawList* draw, float x, float y, const std::string& text, ImU32 colour,
                ImU32 background, ImU32 border) {
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const ImVec2 min = at(std::round(x - size.x / 2 - 2), std::round(y - 1));
  const ImVec2 max = at(min.x + size.x + 4, min.y + size.y + 2);
  draw->AddRectFilled(min, max, background, 2.0f);
  if (border != 0) draw->AddRect(min, max, border, 2.0f);
  draw->AddText(at(min.x + 2, min.y + 1), colour, text.c_str());
}

}  // namespace

GraphPanel::GraphPanel(const Replay& replay) : replay_(replay) {
  const std::vector<ServiceSpec>& services = replay.recording.services;
  std::vector<LayoutEdge> edges;
  for (std::size_t i = 0; i < services.size(); ++i) {
    for (const CallSpec& call : services[i].calls) {
      if (call.to_index < services.size()) edges.emplace_back(i, call.to_index);
    }
  }
  // No margin: the panel keeps its own, in pixels, for names and rings.
  layout_ = layout_graph(services.size(), edges, 0.0f);

  faults_of_.resize(services.size());
  for (std::size_t f = 0; f < replay.history.faults.size(); ++f) {
    if (auto i = replay.find_service(replay.history.faults[f].service)) faults_of_[*i].push_back(f);
  }
  root_cause_.assign(services.size(), false);
  for (std::size_t i : replay.root_causes) {
    if (i < root_cause_.size()) root_cause_[i] = true;
  }
}

void GraphPanel::draw(ViewContext& ctx) {
  draw_toolbar(ctx);
  const std::vector<ServiceSpec>& services = replay_.recording.services;
  if (services.empty()) {
    ImGui::TextDisabled("(this recording has no services)");
    return;
  }
  const std::size_t k = replay_.series.index_at(ctx.playback.cursor());
  update_health(k);

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 size = at(std::max(avail.x, 1.0f), std::max(avail.y, 1.0f));
  if (size.x != fitted_.x || size.y != fitted_.y) fit(size.x, size.y);
  const ImVec2 canvas = ImGui::GetCursorScreenPos();
  const Pixel origin{canvas.x, canvas.y};
  ImGui::InvisibleButton("##graph_canvas", size);
  std::optional<std::size_t> hovered;
  if (ImGui::IsItemHovered()) {
    const ImVec2 mouse = ImGui::GetMousePos();
    hovered = node_at({mouse.x - origin.x, mouse.y - origin.y});
  }
  // A click on a node selects it; on the selected node or on empty canvas,
  // it clears the selection (the Metrics and Logs panels go back to all).
  if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
    if (hovered && ctx.selected != hovered) {
      ctx.selected = *hovered;
    } else {
      ctx.selected.reset();
    }
  }

  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(canvas, at(canvas.x + size.x, canvas.y + size.y), true);
  draw_edges(origin, k);
  draw_nodes(ctx, origin, hovered);
  if (ctx.show_truth) draw_truth(ctx, origin);
  draw->PopClipRect();

  for (std::size_t i = 0; i < services.size(); ++i) {
    FrameGeometry::Node& node = ctx.geometry.nodes[services[i].name];
    node.x = origin.x + centres_[i].x;
    node.y = origin.y + centres_[i].y;
    node.radius = radius_;
    node.state = health_state_name(health_[i].state);
  }
  if (hovered) draw_tooltip(ctx, *hovered, k);
}

void GraphPanel::draw_toolbar(ViewContext& ctx) const {
  ImGui::Checkbox("Hidden truth", &ctx.show_truth);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Mark where the faults really are (trainees did not see this)");
  }
  for (HealthState s :
       {HealthState::kHealthy, HealthState::kDegraded, HealthState::kFailing, HealthState::kDown}) {
    ImGui::SameLine(0, s == HealthState::kHealthy ? 16.0f : 10.0f);
    health_dot(s);
    ImGui::SameLine(0, 3.0f);
    ImGui::TextUnformatted(health_state_name(s));
  }
  ImGui::SameLine(0, 16.0f);
  if (ctx.selected && *ctx.selected < replay_.recording.services.size()) {
    ImGui::Text("selected: %s", replay_.recording.services[*ctx.selected].name.c_str());
  } else {
    ImGui::TextDisabled("click a service to select it");
  }
}

void GraphPanel::update_health(std::size_t k) {
  if (k == health_k_) return;
  health_k_ = k;
  const std::vector<ServiceSeries>& series = replay_.series.services;
  health_.assign(replay_.recording.services.size(), Health{});
  for (std::size_t i = 0; i < health_.size() && i < series.size(); ++i) {
    health_[i] = health_at(series[i], k);
  }
}

void GraphPanel::fit(float width, float height) {
  fitted_ = {width, height};
  const std::vector<ServiceSpec>& services = replay_.recording.services;
  const std::size_t n = services.size();
  if (label_widths_.size() != n) {
    label_widths_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      label_widths_[i] = ImGui::CalcTextSize(services[i].name.c_str()).x;
    }
  }
  place_nodes(width, height);
  std::vector<Rect> taken;  // circles first, by node index, then names and tags
  for (const Pixel& c : centres_) {
    const float reach = radius_ + 2;
    taken.push_back({c.x - reach, c.y - reach, c.x + reach, c.y + reach});
  }
  place_labels(width, taken);
  place_tags(width, taken);
  place_arrows();
}

void GraphPanel::place_nodes(float width, float height) {
  const std::size_t n = layout_.positions.size();
  const float line = ImGui::GetTextLineHeight();
  const float widest = n > 0 ? *std::max_element(label_widths_.begin(), label_widths_.end()) : 0;
  centres_.assign(n, Pixel{});
  // Twice: the margins depend on the radius, the radius on the spacing the
  // margins leave.
  float r = kMaxRadius;
  for (int pass = 0; pass < 2; ++pass) {
    const float ring = truth_ring(r) + 2;
    const float pad_x = kCanvasPad + std::max(ring, std::min(widest / 2, width * 0.2f));
    const float pad_top = kCanvasPad + ring + line + 2;  // a truth tag above the top row
    const float pad_bottom = kCanvasPad + r + kLabelGap + line;
    const float inner_w = std::max(1.0f, width - 2 * pad_x);
    const float inner_h = std::max(1.0f, height - pad_top - pad_bottom);
    // Keep the layout's shape within a stretch, centred in the space.
    const float aspect = layout_.aspect;
    float box_w = inner_w, box_h = inner_h;
    if (inner_w / inner_h > aspect * kMaxStretch) box_w = inner_h * aspect * kMaxStretch;
    if (inner_w / inner_h < aspect / kMaxStretch) box_h = inner_w / aspect * kMaxStretch;
    const float x0 = pad_x + (inner_w - box_w) / 2, y0 = pad_top + (inner_h - box_h) / 2;
    for (std::size_t i = 0; i < n; ++i) {
      centres_[i] = {std::round(x0 + layout_.positions[i].x * box_w),
                     std::round(y0 + layout_.positions[i].y * box_h)};
    }
    float nearest = std::numeric_limits<float>::max();
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = i + 1; j < n; ++j) {
        nearest = std::min(
            nearest, std::hypot(centres_[i].x - centres_[j].x, centres_[i].y - centres_[j].y));
      }
    }
    r = std::clamp(nearest * kRadiusOfSpacing, kMinRadius, kMaxRadius);
    r = std::max(2.0f, std::min(r, std::min(width, height) / 6));
  }
  radius_ = std::round(r);
}

void GraphPanel::place_labels(float width, std::vector<Rect>& taken) {
  // Names below their circle, or above when that would cover another name
  // or node; hidden if neither fits. Services with more calls go first.
  const std::size_t n = centres_.size();
  const float line = ImGui::GetTextLineHeight();
  std::vector<std::size_t> degree(n, 0);
  for (const EdgeSeries& e : replay_.series.edges) {
    if (e.from < n && e.to < n) {
      ++degree[e.from];
      ++degree[e.to];
    }
  }
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return degree[a] > degree[b]; });
  labels_.assign(n, Label{});
  for (std::size_t i : order) {
    const float w = label_widths_[i];
    const float x = std::clamp(centres_[i].x - w / 2, 0.0f, std::max(0.0f, width - w));
    const float below = centres_[i].y + radius_ + kLabelGap;
    const float above = centres_[i].y - radius_ - kLabelGap - line;
    labels_[i] = {{x, below}, false};
    for (float y : {below, above}) {
      const Rect rect{x - 2, y, x + w + 2, y + line};
      bool free = true;
      for (std::size_t t = 0; t < taken.size() && free; ++t) {
        free = t == i || !rect.overlaps(taken[t]);  // its own circle is never in the way
      }
      if (free) {
        labels_[i] = {{x, y}, true};
        taken.push_back(rect);
        break;
      }
    }
  }
}

void GraphPanel::place_tags(float width, std::vector<Rect>& taken) {
  const std::size_t n = centres_.size();
  const float line = ImGui::GetTextLineHeight();
  const float ring = truth_ring(radius_) + 1;
  tags_.assign(n, Pixel{});
  for (std::size_t i = 0; i < n; ++i) {
    if (faults_of_[i].empty() && !root_cause_[i]) continue;
    // The longest the tag can get: every kind of fault the service has.
    std::string widest = root_cause_[i] ? "root cause, fault:" : "fault:";
    for (std::size_t f : faults_of_[i])
      widest += " " + fault_label(replay_.history.faults[f]) + ",";
    const float w = ImGui::CalcTextSize(widest.c_str()).x + 4, h = line + 2;
    const Pixel c = centres_[i];
    const Label& label = labels_[i];
    const bool label_above = label.shown && label.at.y < c.y;
    const bool label_below = label.shown && !label_above;
    // Above, below (beyond the name if it is there), right or left of the
    // node: the first that covers the least of other names and nodes.
    const Pixel candidates[] = {
        {c.x, (label_above ? label.at.y - 2 : c.y - ring - 3) - h},
        {c.x, label_below ? label.at.y + line + 3 : c.y + ring + 3},
        {c.x + ring + 4 + w / 2, c.y - h / 2},
        {c.x - ring - 4 - w / 2, c.y - h / 2},
    };
    float best_cover = std::numeric_limits<float>::max();
    Rect best;
    for (Pixel p : candidates) {
      p.x = std::clamp(p.x, w / 2, std::max(w / 2, width - w / 2));  // inside the canvas
      const Rect rect{p.x - w / 2, p.y, p.x + w / 2, p.y + h};
      // Never over its own node (pushed back by the canvas edge): the fill
      // must stay visible.
      float cover = rect.overlaps(taken[i]) ? 1e9f : 0.0f;
      for (std::size_t t = 0; t < taken.size(); ++t) {
        if (t != i) cover += rect.overlap_area(taken[t]);
      }
      if (cover < best_cover) {
        best_cover = cover;
        best = rect;
        tags_[i] = p;
      }
    }
    taken.push_back(best);
  }
}

void GraphPanel::place_arrows() {
  const std::size_t n = centres_.size();
  arrows_.assign(replay_.series.edges.size(), Arrow{});
  for (std::size_t e = 0; e < arrows_.size(); ++e) {
    const EdgeSeries& edge = replay_.series.edges[e];
    if (edge.from >= n || edge.to >= n || edge.from == edge.to) continue;
    const Pixel a = centres_[edge.from], b = centres_[edge.to];
    const float d = std::hypot(b.x - a.x, b.y - a.y);
    if (d < 2 * radius_ + 8) continue;  // no room for an arrow between them
    const Pixel u{(b.x - a.x) / d, (b.y - a.y) / d};
    arrows_[e] = {{a.x + u.x * (radius_ + 2), a.y + u.y * (radius_ + 2)},
                  {b.x - u.x * (radius_ + 3), b.y - u.y * (radius_ + 3)},
                  u,
                  true};
  }
}

void GraphPanel::draw_edges(Pixel origin, std::size_t k) const {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (std::size_t e = 0; e < arrows_.size(); ++e) {
    const Arrow& a = arrows_[e];
    if (!a.shown) continue;
    const EdgeSeries& edge = replay_.series.edges[e];
    const float rate = value_at(edge.call_rate, k);
    // 5 px at most, less among small circles: a dense graph is all arrows
    // otherwise.
    const float thickness = edge_thickness(rate, std::clamp(radius_ * 0.4f, 2.0f, 5.0f));
    const ImU32 colour =
        edge_colour(std::isnan(rate) || rate <= 0 ? std::numeric_limits<float>::quiet_NaN()
                                                  : value_at(edge.failure_ratio, k));
    const float head = 2.0f + 0.4f * radius_ + 1.5f * thickness;
    const float half_width = 1.0f + 0.2f * radius_ + thickness;
    const ImVec2 tip = at(origin.x + a.to.x, origin.y + a.to.y);
    const ImVec2 base = at(tip.x - a.direction.x * head, tip.y - a.direction.y * head);
    // The line stops inside the head so that its thickness does not blunt it.
    draw->AddLine(at(origin.x + a.from.x, origin.y + a.from.y),
                  at(base.x + a.direction.x * 2, base.y + a.direction.y * 2), colour, thickness);
    const ImVec2 side = at(-a.direction.y * half_width, a.direction.x * half_width);
    draw->AddTriangleFilled(tip, at(base.x + side.x, base.y + side.y),
                            at(base.x - side.x, base.y - side.y), colour);
  }
}

void GraphPanel::draw_nodes(const ViewContext& ctx, Pixel origin,
                            std::optional<std::size_t> hovered) const {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const std::vector<ServiceSpec>& services = replay_.recording.services;
  const float r = radius_;
  const float line = ImGui::GetTextLineHeight();
  for (std::size_t i = 0; i < services.size(); ++i) {
    const ImVec2 c = at(origin.x + centres_[i].x, origin.y + centres_[i].y);
    const HealthState state = health_[i].state;
    const bool down = state == HealthState::kDown;
    draw->AddCircleFilled(c, r, health_color(state));
    // Rings lie on the rim and outside it, never over the centre.
    float outside = r + 1.0f;
    if (down) {
      // A dark band edged with the fill again: a dark ring alone would vanish
      // into the dark window background.
      draw->AddCircle(c, r + kDownRing / 2 - 0.5f, kDownRingColour, 0, kDownRing);
      draw->AddCircle(c, r + kDownRing + 0.5f, health_color(state), 0, 2.0f);
      outside = r + kDownRing + 1.5f;
    } else {
      draw->AddCircle(c, r, kOutline, 0, 1.0f);
    }
    const bool selected = ctx.selected == i;
    if (selected) {
      draw->AddCircle(c, outside + 2.5f, kSelectedColour, 0, 2.0f);
    } else if (hovered == i) {
      draw->AddCircle(c, outside + 2.0f, kHoverColour, 0, 1.5f);
    }
    const Label& label = labels_[i];
    const char* name = services[i].name.c_str();
    if (label.shown) {
      // On the panel's own background, so that edges under it do not cross
      // the letters.
      const ImVec2 p = at(origin.x + label.at.x, origin.y + label.at.y);
      draw->AddRectFilled(at(p.x - 1, p.y), at(p.x + label_widths_[i] + 1, p.y + line),
                          kLabelBackground);
      draw->AddText(p, selected ? kSelectedColour : kLabelColour, name);
    } else if (selected || hovered == i) {
      // A name with no room of its own: on a box, over whatever is there.
      boxed_text(draw, c.x, c.y + r + kLabelGap, name, kSelectedColour, kLabelBackground, 0);
    }
  }
}

void GraphPanel::draw_truth(const ViewContext& ctx, Pixel origin) const {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const SimTime t = ctx.playback.cursor();
  const std::vector<FaultSpan>& spans = replay_.history.faults;
  const float ring = truth_ring(radius_);
  for (std::size_t i = 0; i < faults_of_.size(); ++i) {
    const std::string& name = replay_.recording.services[i].name;
    const bool active = !faults_of_[i].empty() && fault_active(replay_.history, name, t);
    if (!active && !root_cause_[i]) continue;
    const ImVec2 c = at(origin.x + centres_[i].x, origin.y + centres_[i].y);
    std::string tag;
    if (active) {
      // A dashed ring: it reads as a mark laid over the graph, not a state.
      constexpr int kDashes = 14;
      constexpr float kStep = 2 * 3.14159265f / kDashes;
      for (int d = 0; d < kDashes; ++d) {
        draw->PathArcTo(c, ring, d * kStep, d * kStep + kStep * 0.55f, 4);
        draw->PathStroke(kFaultColour, 0, 2.0f);
      }
      tag = root_cause_[i] ? "root cause, fault:" : "fault:";
      bool first = true;
      for (std::size_t f : faults_of_[i]) {
        const FaultSpan& s = spans[f];
        if (s.start > t || (s.end && t >= *s.end)) continue;
        tag += (first ? " " : ", ") + fault_label(s);
        first = false;
      }
    } else {
      tag = "root cause";
    }
    boxed_text(draw, origin.x + tags_[i].x, origin.y + tags_[i].y, tag,
               active ? kFaultColour : kRootCauseColour, kTagBackground, active ? kFaultColour : 0);
  }
}

void GraphPanel::draw_tooltip(const ViewContext& ctx, std::size_t i, std::size_t k) const {
  const ServiceSpec& service = replay_.recording.services[i];
  const Health& h = health_[i];
  const ServiceSeries* series =
      i < replay_.series.services.size() ? &replay_.series.services[i] : nullptr;
  const auto value = [&](const std::vector<float> ServiceSeries::*member) {
    return series != nullptr ? value_at(series->*member, k)
                             : std::numeric_limits<float>::quiet_NaN();
  };
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(service.name.c_str());
  if (!service.team.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("(team %s)", service.team.c_str());
  }
  health_dot(h.state);
  ImGui::SameLine(0, 4.0f);
  if (h.reason.empty()) {
    ImGui::TextUnformatted(health_state_name(h.state));
  } else {
    ImGui::Text("%s: %s", health_state_name(h.state), h.reason.c_str());
  }
  ImGui::Separator();
  ImGui::Text("requests    %s", rate_text(value(&ServiceSeries::request_rate)).c_str());
  ImGui::Text("errors      %s", percent_text(value(&ServiceSeries::error_ratio)).c_str());
  ImGui::Text("p99         %s", seconds_text(value(&ServiceSeries::p99_seconds)).c_str());
  ImGui::Text("replicas    %d/%d up", h.replicas_up, h.replicas_desired);
  ImGui::Text("saturation  %s", percent_text(value(&ServiceSeries::saturation)).c_str());
  if (ctx.show_truth && (root_cause_[i] || !faults_of_[i].empty())) {
    ImGui::Separator();
    const ImVec4 magenta = ImGui::ColorConvertU32ToFloat4(kFaultColour);
    if (root_cause_[i]) ImGui::TextColored(magenta, "root cause of the incident");
    for (std::size_t f : faults_of_[i]) {
      const FaultSpan& s = replay_.history.faults[f];
      const std::string end = s.end ? format_duration(*s.end) : "the end";
      ImGui::TextColored(magenta, "fault %s: %s to %s", fault_label(s).c_str(),
                         format_duration(s.start).c_str(), end.c_str());
    }
  }
  if (ctx.selected != i) ImGui::TextDisabled("click to select");
  ImGui::EndTooltip();
}

std::optional<std::size_t> GraphPanel::node_at(Pixel mouse) const {
  std::optional<std::size_t> best;
  float best_distance = radius_ + 4;  // a little slack around small circles
  for (std::size_t i = 0; i < centres_.size(); ++i) {
    const float d = std::hypot(mouse.x - centres_[i].x, mouse.y - centres_[i].y);
    if (d <= best_distance) {
      best = i;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace firedrill::viewer
