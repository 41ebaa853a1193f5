// TimePlot: axes and ticks, series reduced to pixel columns, threshold
// lines with labels that avoid each other, the cursor, and hover/press.
#include "viewer/panels/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <limits>
#include <utility>

#include "viewer/layout/polyline.h"

namespace firedrill::viewer {
namespace {

// Grafana's dark theme, roughly: a panel a practitioner recognises.
constexpr ImU32 kFrameBg = IM_COL32(22, 24, 29, 255);
constexpr ImU32 kFrameBorder = IM_COL32(52, 55, 63, 255);
constexpr ImU32 kGrid = IM_COL32(255, 255, 255, 22);
constexpr ImU32 kAxisText = IM_COL32(142, 147, 158, 255);
constexpr ImU32 kTitleText = IM_COL32(204, 207, 214, 255);
constexpr ImU32 kValueText = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kCursor = IM_COL32(255, 255, 255, 210);
constexpr ImU32 kHover = IM_COL32(255, 255, 255, 70);
// The run after the cursor is drawn dimmed: its colours scaled by this.
constexpr float kFutureDim = 0.78f;
constexpr ImU32 kLabelBg = IM_COL32(22, 24, 29, 190);  // behind line labels
constexpr float kPad = 4.0f;
constexpr float kNearLine = 4.0f;  // pixels within which a line counts as hovered

std::string sig3(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// 1234 -> "1.23k": for counts and rates that grow large.
std::string with_suffix(double v) {
  const double a = std::abs(v);
  if (a >= 1e9) return sig3(v / 1e9) + "G";
  if (a >= 1e6) return sig3(v / 1e6) + "M";
  if (a >= 1e3) return sig3(v / 1e3) + "k";
  return sig3(v);
}

// A tick step near `raw`: 1, 2, 2.5 or 5 times a power of ten; for bytes a
// power of two in the largest binary unit below it, so that ticks read
// "512 MiB, 1 GiB, 1.5 GiB" rather than "477 MiB, 954 MiB".
double nice_step(double raw, Unit unit, bool integer) {
  if (!(raw > 0)) return 1;
  if (unit == Unit::kBytes) {
    double base = 1;
    while (base * 1024 <= raw && base < 1e15) base *= 1024;
    double p = 1;
    while (p < raw / base) p *= 2;
    return p * base;
  }
  const double e = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / e;
  const double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  const double step = nice * e;
  return integer ? std::max(1.0, std::ceil(step)) : step;
}

// A time tick step giving labels at least `min_px` apart on a run of `end`
// drawn `width` pixels wide.
SimTime time_step(SimTime end, float width, float min_px) {
  static constexpr SimTime kSteps[] = {15 * kSecond, 30 * kSecond, kMinute,      2 * kMinute,
                                       5 * kMinute,  10 * kMinute, 15 * kMinute, 30 * kMinute,
                                       kHour,        2 * kHour,    3 * kHour,    6 * kHour,
                                       12 * kHour,   24 * kHour,   48 * kHour,   7 * 24 * kHour};
  for (SimTime s : kSteps) {
    if (static_cast<double>(s) / static_cast<double>(end) * width >= min_px) return s;
  }
  return kSteps[std::size(kSteps) - 1];
}

// "01:30" (hours and minutes of the run clock), or "01:30:15" off the minute.
std::string clock_label(SimTime t) {
  const std::string c = format_clock(t);  // "01:30:15.000"
  return t % kMinute == 0 ? c.substr(0, c.size() - 7) : c.substr(0, c.size() - 4);
}

// A dashed polyline through `pts` (dash and gap in pixels along the path).
void dashed_path(ImDrawList* dl, const ImVec2* pts, int n, ImU32 color, float thickness,
                 float offset = 0, float dash = 6.0f, float gap = 4.0f) {
  // `offset` pixels into the pattern: a path continued from another keeps
  // its dashes in step.
  offset = std::fmod(std::max(offset, 0.0f), dash + gap);
  bool on = offset < dash;
  float left = on ? dash - offset : dash + gap - offset;  // of the current dash or gap
  for (int i = 0; i + 1 < n; ++i) {
    ImVec2 a = pts[i];
    const ImVec2 b = pts[i + 1];
    float len = std::hypot(b.x - a.x, b.y - a.y);
    while (len > 0) {
      const float take = std::min(left, len);
      const float f = take / len;
      const ImVec2 m(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f);
      if (on) dl->AddLine(a, m, color, thickness);
      a = m;
      len -= take;
      left -= take;
      if (left <= 0) {
        on = !on;
        left = on ? dash : gap;
      }
    }
  }
}

// `c` as drawn in the run after the cursor.
ImU32 dimmed(ImU32 c) {
  auto channel = [&](int shift) {
    const auto v = static_cast<float>((c >> shift) & 0xFF);
    return static_cast<ImU32>(std::lround(v * kFutureDim)) << shift;
  };
  return channel(IM_COL32_R_SHIFT) | channel(IM_COL32_G_SHIFT) | channel(IM_COL32_B_SHIFT) |
         (c & IM_COL32_A_MASK);
}

// The plot's background in a single layer: the data area after the cursor
// `cx` dimmed, the rest kFrameBg. Five rectangles rather than a dimming
// overlay, which would shade those pixels twice (fill is most of a frame's
// cost in a software renderer).
void frame_background(ImDrawList* dl, ImVec2 p0, ImVec2 p1, ImVec2 lo, ImVec2 hi, float cx) {
  dl->AddRectFilled(p0, ImVec2(cx, p1.y), kFrameBg);
  dl->AddRectFilled(ImVec2(cx, p0.y), ImVec2(p1.x, lo.y), kFrameBg);
  dl->AddRectFilled(ImVec2(cx, hi.y), p1, kFrameBg);
  dl->AddRectFilled(ImVec2(hi.x, lo.y), ImVec2(p1.x, hi.y), kFrameBg);
  if (cx < hi.x) dl->AddRectFilled(ImVec2(cx, lo.y), hi, dimmed(kFrameBg));
}

// The area between the polyline `pts` (left to right) and the horizontal
// line `base_y` below it. Not anti-aliased: adjacent pieces' fringes would
// overlap as visible stripes, and the line drawn over it hides its top edge.
//
// In pieces a few pixels wide: a rectangle up to the piece's lowest point,
// then a strip of one quad per point, with vertical sides, above it. The
// quads are a pixel or two wide; drawn down to the base they would be tall
// slivers, which a software rasterizer shades in whole 4x4 blocks several
// times over (the fill was a quarter of a frame's cost in llvmpipe).
void fill_under(ImDrawList* dl, const ImVec2* pts, int n, float base_y, ImU32 color) {
  constexpr float kPieceWidth = 24.0f;
  const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
  for (int i0 = 0; i0 + 1 < n;) {
    int i1 = i0 + 1;
    while (i1 + 1 < n && pts[i1].x - pts[i0].x < kPieceWidth) ++i1;
    float low = pts[i0].y;  // the piece's lowest point on screen: the largest y
    for (int i = i0 + 1; i <= i1; ++i) low = std::max(low, pts[i].y);
    low = std::min(low, base_y);
    if (low < base_y) {
      dl->PrimReserve(6, 4);
      dl->PrimRect(ImVec2(pts[i0].x, low), ImVec2(pts[i1].x, base_y), color);
    }
    const int count = i1 - i0 + 1;
    dl->PrimReserve((count - 1) * 6, count * 2);
    // Read after PrimReserve: it may have started a new vertex block.
    const auto first = static_cast<unsigned>(dl->_VtxCurrentIdx);
    for (int i = i0; i <= i1; ++i) {
      dl->PrimWriteVtx(pts[i], uv, color);
      dl->PrimWriteVtx(ImVec2(pts[i].x, low), uv, color);
    }
    for (unsigned k = 0; k + 1 < static_cast<unsigned>(count); ++k) {
      const unsigned top = first + 2 * k, bottom = top + 1, next_top = top + 2,
                     next_bottom = top + 3;
      for (unsigned v : {top, bottom, next_bottom, top, next_bottom, next_top}) {
        dl->PrimWriteIdx(static_cast<ImDrawIdx>(v));
      }
    }
    i0 = i1;
  }
}

// The length of the polyline pts[0..n).
float path_length(const ImVec2* pts, int n) {
  float length = 0;
  for (int i = 0; i + 1 < n; ++i)
    length += std::hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
  return length;
}

// The value of `values` at the scrape nearest `t`, NaN outside.
float value_near(const std::vector<float>& values, SimTime t, SimTime step) {
  if (values.empty() || step <= 0) return std::numeric_limits<float>::quiet_NaN();
  const auto k = static_cast<std::size_t>(std::max<SimTime>(0, (t + step / 2) / step));
  return values[std::min(k, values.size() - 1)];
}

}  // namespace

std::string format_value(double value, Unit unit) {
  if (std::isnan(value)) return "no data";
  const double a = std::abs(value);
  switch (unit) {
    case Unit::kRequestsPerSecond:
      return with_suffix(value) + " req/s";
    case Unit::kRatio: {
      // Two decimals under 10% ("0.34%", "1.44%", "5%"), then three digits.
      if (a * 100 >= 10) return sig3(value * 100) + "%";
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f", value * 100);
      std::string out = buf;
      while (out.back() == '0') out.pop_back();
      if (out.back() == '.') out.pop_back();
      return out + "%";
    }
    case Unit::kSeconds:
      if (a == 0) return "0 s";
      if (a < 1e-3) return sig3(value * 1e6) + " us";
      if (a < 1) return sig3(value * 1e3) + " ms";
      return sig3(value) + " s";
    case Unit::kBytes: {
      static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
      double v = value;
      std::size_t u = 0;
      while (std::abs(v) >= 1024 && u + 1 < std::size(kUnits)) {
        v /= 1024;
        ++u;
      }
      return sig3(v) + " " + kUnits[u];
    }
    case Unit::kCount:
      return with_suffix(value);
  }
  return sig3(value);
}

const TimePlot::Reduced& TimePlot::reduced(const std::vector<float>* values, SimTime step,
                                           SimTime end, int width) {
  for (const Reduced& r : cache_) {
    if (r.values == values && r.step == step && r.end == end && r.width == width) return r;
  }
  // Panels show a few services at a few sizes; a resize or many services
  // just start the cache again.
  if (cache_.size() >= 256) cache_.clear();
  Reduced& r = cache_.emplace_back();
  r.values = values;
  r.step = step;
  r.end = end;
  r.width = width;
  r.columns.assign(static_cast<std::size_t>(width), Column{1, 0});
  const double px_per_us = static_cast<double>(width) / static_cast<double>(end);
  for (std::size_t k = 0; k < values->size(); ++k) {
    const float v = (*values)[k];
    if (std::isnan(v)) continue;
    r.top = std::max(r.top, v);
    if (width == 0) continue;
    const auto c = std::clamp(
        static_cast<int>(static_cast<double>(static_cast<SimTime>(k) * step) * px_per_us), 0,
        width - 1);
    Column& col = r.columns[static_cast<std::size_t>(c)];
    if (col.lo > col.hi) {
      col.lo = col.hi = v;
    } else {
      col.lo = std::min(col.lo, v);
      col.hi = std::max(col.hi, v);
    }
  }
  return r;
}

void TimePlot::draw_series(ImDrawList* dl, const PlotSeries& s, SimTime step, SimTime end,
                           ImVec2 lo, ImVec2 hi, double top, float cursor_x) {
  const std::vector<float>& values = *s.values;
  const float w = hi.x - lo.x;
  const float h = hi.y - lo.y;
  auto y_of = [&](float v) {
    return hi.y - static_cast<float>(std::clamp(static_cast<double>(v) / top, 0.0, 1.0)) * h;
  };
  const ImU32 fill = (s.color & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 34);
  // The series is collected as runs of points between gaps, each
  // simplified, then drawn in two passes: up to the cursor in full colour,
  // after it dimmed, each pass under one clip rectangle (one per run would
  // be a draw command per run).
  points_.clear();
  runs_.clear();
  std::size_t run_start = 0;
  auto flush = [&] {
    const std::size_t kept =
        simplify_polyline(points_.data() + run_start, points_.size() - run_start, 0.5f);
    points_.resize(run_start + kept);
    if (kept > 0) runs_.emplace_back(run_start, kept);
    run_start = points_.size();
  };
  const int width = std::max(1, static_cast<int>(w));
  if (values.size() <= static_cast<std::size_t>(width)) {
    // Fewer scrapes than pixels: a point per scrape.
    for (std::size_t k = 0; k < values.size(); ++k) {
      if (std::isnan(values[k])) {
        flush();
        continue;
      }
      const double t = static_cast<double>(static_cast<SimTime>(k) * step);
      points_.emplace_back(lo.x + static_cast<float>(t / static_cast<double>(end)) * w,
                           y_of(values[k]));
    }
    flush();
    draw_runs(dl, s, fill, lo, hi, cursor_x);
    return;
  }
  // More scrapes than pixels: each column's min and max, joined end to
  // nearest end so the stroke reads as a band where the values vary.
  const std::vector<Column>& columns = reduced(s.values, step, end, width).columns;
  for (int c = 0; c < width; ++c) {
    const Column& col = columns[static_cast<std::size_t>(c)];
    if (col.lo > col.hi) {
      flush();
      continue;
    }
    const float x = lo.x + static_cast<float>(c) + 0.5f;
    const float ylo = y_of(col.lo), yhi = y_of(col.hi);
    if (ylo - yhi < 0.5f) {
      points_.emplace_back(x, yhi);
    } else {
      const float prev = points_.empty() ? yhi : points_.back().y;
      const bool lo_first = std::abs(prev - ylo) < std::abs(prev - yhi);
      points_.emplace_back(x, lo_first ? ylo : yhi);
      points_.emplace_back(x, lo_first ? yhi : ylo);
    }
  }
  flush();
  draw_runs(dl, s, fill, lo, hi, cursor_x);
}

void TimePlot::draw_runs(ImDrawList* dl, const PlotSeries& s, ImU32 fill, ImVec2 lo, ImVec2 hi,
                         float cursor_x) {
  const ImU32 dim_color = dimmed(s.color), dim_fill = dimmed(fill);
  auto stroke = [&](const ImVec2* pts, int n, ImU32 color, ImU32 fill_color, float offset) {
    if (s.fill) fill_under(dl, pts, n, hi.y, fill_color);
    if (s.dashed) {
      dashed_path(dl, pts, n, color, s.thickness, offset);
    } else {
      dl->AddPolyline(pts, n, color, ImDrawFlags_None, s.thickness);
    }
  };
  // Where each run crosses the cursor: its first point after it.
  auto first_after = [&](const ImVec2* pts, int n) {
    return static_cast<int>(
        std::upper_bound(pts, pts + n, cursor_x, [](float x, const ImVec2& p) { return x < p.x; }) -
        pts);
  };
  // A lone point is a dot in its side's colour, unclipped: a clip would cut
  // a dot next to the cursor in half.
  for (auto [first, count] : runs_) {
    if (count != 1) continue;
    const ImVec2 p = points_[first];
    dl->AddCircleFilled(p, s.thickness + 0.5f, p.x <= cursor_x ? s.color : dim_color);
  }
  // The segment across the cursor is drawn in both passes, each clipped to
  // its side.
  dl->PushClipRect(ImVec2(lo.x - 1, lo.y - 1), ImVec2(cursor_x, hi.y + 1), true);
  for (auto [first, count] : runs_) {
    if (count < 2) continue;
    const ImVec2* pts = points_.data() + first;
    const int n = static_cast<int>(count);
    const int after = first_after(pts, n);
    if (after > 0) stroke(pts, std::min(after + 1, n), s.color, fill, 0);
  }
  dl->PopClipRect();
  dl->PushClipRect(ImVec2(cursor_x, lo.y - 1), ImVec2(hi.x + 1, hi.y + 1), true);
  for (auto [first, count] : runs_) {
    if (count < 2) continue;
    const ImVec2* pts = points_.data() + first;
    const int n = static_cast<int>(count);
    const int after = first_after(pts, n);
    if (after < n) {
      const int from = std::max(after - 1, 0);
      stroke(pts + from, n - from, dim_color, dim_fill, path_length(pts, from + 1));
    }
  }
  dl->PopClipRect();
}

PlotResult TimePlot::draw(const PlotSpec& spec, ImVec2 size) {
  PlotResult result;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  size.x = std::max(size.x, 60.0f);
  size.y = std::max(size.y, 50.0f);
  ImGui::InvisibleButton(spec.id, size);
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float text_h = ImGui::GetTextLineHeight();

  const SimTime end = std::max<SimTime>(spec.end, 1);
  const SimTime step = std::max<SimTime>(spec.step, 1);

  // The y range: the data's maximum, min_top, and the lines within reach.
  double data_top = 0;
  for (const PlotSeries& s : spec.series) {
    if (s.values != nullptr)
      data_top = std::max<double>(data_top, reduced(s.values, step, end, 0).top);
  }
  double top = std::max(data_top, spec.min_top);
  const double reach = top * spec.line_reach;
  for (const PlotLine& line : spec.lines) {
    if (line.value > top && line.value <= reach) top = line.value;
  }
  if (!(top > 0)) top = spec.integer_ticks ? 1 : 1e-9;

  // Plot area: below the title, right of the tick labels, above the time labels.
  const float area_top = p0.y + kPad + text_h + 4;
  // Without time labels, room below for half the bottom tick label.
  const float area_bottom = p1.y - kPad - (spec.time_labels ? text_h + 2 : text_h / 2);
  const float area_h = std::max(area_bottom - area_top, 10.0f);
  // The top is the data (or line) with 8% headroom, capped at max_top;
  // ticks at nice multiples below it, as many as fit the height: the plot
  // is mostly data, not air above a rounded-up top.
  top = std::min(top * 1.08, std::max(top, spec.max_top));
  const int max_intervals = std::clamp(static_cast<int>(area_h / (text_h + 5)), 1, 6);
  const double tick = nice_step(top / max_intervals, spec.unit, spec.integer_ticks);
  const int ticks = static_cast<int>(std::floor(top / tick + 1e-9));
  float gutter = 0;
  for (int i = 0; i <= ticks; ++i) {
    gutter = std::max(gutter, ImGui::CalcTextSize(format_value(i * tick, spec.unit).c_str()).x);
  }
  const ImVec2 lo(p0.x + kPad + gutter + 6, area_top);
  const ImVec2 hi(p1.x - kPad - 2, area_top + area_h);
  const float w = std::max(hi.x - lo.x, 1.0f);
  auto x_of = [&](SimTime t) {
    return lo.x + static_cast<float>(static_cast<double>(t) / static_cast<double>(end)) * w;
  };
  auto y_of = [&](double v) {
    return hi.y - static_cast<float>(std::clamp(v / top, 0.0, 1.0)) * (hi.y - lo.y);
  };
  // On a whole pixel: the background, the clip rectangles that split the
  // series (whole pixels in the backend's scissor) and the cursor line meet.
  const float cx = std::round(x_of(std::clamp<SimTime>(spec.cursor, 0, end)));

  // Background and border; the title and the value at the cursor.
  frame_background(dl, p0, p1, lo, hi, cx);
  dl->AddRect(p0, p1, kFrameBorder);
  dl->PushClipRect(p0, p1, true);
  ImVec2 at(p0.x + kPad + 2, p0.y + kPad - 1);
  dl->AddText(at, kTitleText, spec.title.c_str());
  if (!spec.title_value.empty()) {
    at.x += ImGui::CalcTextSize(spec.title.c_str()).x + 8;
    dl->AddText(at, kValueText, spec.title_value.c_str());
  }

  // Grid and tick labels.
  for (int i = 0; i <= ticks; ++i) {
    const float y = y_of(i * tick);
    dl->AddLine(ImVec2(lo.x, y), ImVec2(hi.x, y), kGrid);
    const std::string label = format_value(i * tick, spec.unit);
    const float tw = ImGui::CalcTextSize(label.c_str()).x;
    dl->AddText(ImVec2(lo.x - 6 - tw, y - text_h / 2), kAxisText, label.c_str());
  }
  const SimTime tstep = time_step(end, w, 64);
  for (SimTime t = 0; t <= end; t += tstep) {
    const float x = x_of(t);
    dl->AddLine(ImVec2(x, lo.y), ImVec2(x, hi.y), kGrid);
    if (!spec.time_labels) continue;
    const std::string label = clock_label(t);
    const float tw = ImGui::CalcTextSize(label.c_str()).x;
    const float lx = std::clamp(x - tw / 2, lo.x - 4, hi.x - tw);
    dl->AddText(ImVec2(lx, hi.y + 2), kAxisText, label.c_str());
  }

  dl->PushClipRect(ImVec2(lo.x, lo.y - 1), ImVec2(hi.x + 1, hi.y + 1), true);
  for (const PlotSeries& s : spec.series) {
    if (s.values != nullptr) draw_series(dl, s, step, end, lo, hi, top, cx);
  }

  // Threshold lines: dashed, labelled at the right end; labels that would
  // overlap another move below their line, or are left out (the tooltip
  // still names every line near the mouse).
  std::vector<std::pair<float, const PlotLine*>> in_range;
  std::vector<const PlotLine*> above;
  for (const PlotLine& line : spec.lines) {
    if (line.value > top) {
      above.push_back(&line);
    } else {
      in_range.emplace_back(y_of(line.value), &line);
    }
  }
  std::sort(in_range.begin(), in_range.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<float, float>> taken;  // label rows (top, bottom)
  // Lines beyond reach: a marker on the top edge, so that the viewer knows
  // a line exists, and where to hover for it. Drawn first: its row is taken.
  float marker_x = hi.x - 4;
  for (const PlotLine* line : above) {
    const std::string text = line->label + " " + format_value(line->value, spec.unit) + " ^";
    const float tw = ImGui::CalcTextSize(text.c_str()).x;
    const ImVec2 t0(marker_x - tw, lo.y + 1);
    dl->AddRectFilled(ImVec2(t0.x - 2, t0.y), ImVec2(marker_x + 1, t0.y + text_h), kLabelBg);
    dl->AddText(t0, line->color, text.c_str());
    marker_x -= tw + 10;
  }
  if (!above.empty()) taken.emplace_back(lo.y, lo.y + 1 + text_h);
  auto free_row = [&](float top_y) {
    for (auto [a, b] : taken) {
      if (top_y < b && top_y + text_h > a) return false;
    }
    return top_y >= lo.y && top_y + text_h <= hi.y + 1;
  };
  for (auto [y, line] : in_range) {
    // Dimmed after the cursor, like the series; the dashes in step across it.
    if (cx > lo.x) {
      const ImVec2 past[2] = {ImVec2(lo.x, y), ImVec2(std::min(cx, hi.x), y)};
      dashed_path(dl, past, 2, line->color, 2.0f);
    }
    if (cx < hi.x) {
      const ImVec2 future[2] = {ImVec2(std::max(cx, lo.x), y), ImVec2(hi.x, y)};
      dashed_path(dl, future, 2, dimmed(line->color), 2.0f, future[0].x - lo.x);
    }
    if (line->label.empty()) continue;
    const float tw = ImGui::CalcTextSize(line->label.c_str()).x;
    for (float row : {y - text_h - 1, y + 2}) {
      if (!free_row(row)) continue;
      const ImVec2 t0(hi.x - tw - 4, row);
      dl->AddRectFilled(ImVec2(t0.x - 2, row), ImVec2(hi.x - 1, row + text_h), kLabelBg);
      dl->AddText(t0, line->color, line->label.c_str());
      taken.emplace_back(row, row + text_h);
      break;
    }
  }

  // The cursor (the run after it is dimmed already).
  dl->AddLine(ImVec2(cx, lo.y - 1), ImVec2(cx, hi.y + 1), kCursor, 1.0f);

  // Hover: the scrape under the mouse, its values, lines near the mouse.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if ((hovered || active) && w > 1) {
    const double f = std::clamp((mouse.x - lo.x) / w, 0.0f, 1.0f);
    const auto t_raw = static_cast<SimTime>(f * static_cast<double>(end));
    const SimTime t = std::min(end, (t_raw + step / 2) / step * step);
    const float hx = x_of(t);
    if (hovered) dl->AddLine(ImVec2(hx, lo.y), ImVec2(hx, hi.y), kHover);
    for (const PlotSeries& s : spec.series) {
      if (s.values == nullptr) continue;
      const float v = value_near(*s.values, t, step);
      if (!std::isnan(v) && hovered) dl->AddCircleFilled(ImVec2(hx, y_of(v)), 3.0f, s.color);
    }
    if (active) result.pressed_at = t;
    if (hovered) {
      ImGui::BeginTooltip();
      // Rule expressions can be long: wrap rather than run off the screen.
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
      ImGui::TextUnformatted(format_clock(t).c_str());
      for (const PlotSeries& s : spec.series) {
        if (s.values == nullptr) continue;
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s", s.name);
        ImGui::SameLine();
        ImGui::TextUnformatted(format_value(value_near(*s.values, t, step), spec.unit).c_str());
      }
      bool first_line = true;
      auto show_line = [&](const PlotLine& line) {
        if (line.tooltip.empty()) return;
        if (first_line) ImGui::Separator();
        first_line = false;
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(line.color), "%s", line.label.c_str());
        ImGui::TextUnformatted(line.tooltip.c_str());
      };
      for (auto [y, line] : in_range) {
        if (std::abs(mouse.y - y) <= kNearLine) show_line(*line);
      }
      if (std::abs(mouse.y - lo.y) <= text_h) {
        for (const PlotLine* line : above) show_line(*line);
      }
      ImGui::TextDisabled("click to move the cursor here");
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
  dl->PopClipRect();
  dl->PopClipRect();
  return result;
}

}  // namespace firedrill::viewer
