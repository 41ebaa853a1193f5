// A small time-series plot in the style of a Grafana panel, drawn with Dear
// ImGui's draw list (Debian's Dear ImGui has no ImPlot, and ImGui::PlotLines
// cannot draw cursors or threshold lines):
//
//   +------------------------------------------------+
//   | Title  value at the cursor                     |
//   | 1.2k |- - - - - - - - - - - - - - - HighErrors | <- threshold line, labelled
//   |      |        /\_    |                         |
//   |  600 |   ____/   \___|____                     | <- series over the whole run
//   |    0 |_______________|_________________________| <- cursor line
//   |       00:00     00:15     00:30     00:45       |
//   +------------------------------------------------+
//
// The x axis is the whole run (0 .. end); series are values on the scrape
// grid (index k at time k * step), NaN for gaps. When a plot has more
// scrapes than pixel columns, each column draws the min and max of its
// scrapes, so a spike between two pixels is never lost and a frame costs
// O(scrapes + width) whatever the run length. The y axis starts at 0 and
// reaches the data's maximum (or `min_top`, whichever is larger) with 8%
// headroom (but not past `max_top`), ticks at nice values below that top
// (binary ones for bytes); a threshold line above the data is
// brought into range when it is within `line_reach` times that maximum, so a
// line far above normal still shows without flattening the data. Lines
// further out are drawn as a marker on the top edge ("^ name").
//
// Interaction: hovering shows a tooltip with the scrape time under the mouse
// (run clock), each series' value there, and any threshold line near the
// mouse (its tooltip text); pressing or dragging reports the time under the
// mouse, for the caller to seek to.
#pragma once

#include <imgui.h>

#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/base/time.h"

namespace firedrill::viewer {

// How values are shown on the axis, in titles and tooltips.
enum class Unit {
  kRequestsPerSecond,  // "0.25 req/s", "412 req/s", "1.2k req/s"
  kRatio,              // a fraction shown as a percentage: "0.3%", "35%"
  kSeconds,            // "800 us", "250 ms", "1.5 s"
  kBytes,              // binary units: "800 KiB", "512 MiB", "1.5 GiB"
  kCount,              // "3", "2.5"
};

// `value` in `unit`, humanised to about three significant digits ("no data"
// for NaN).
std::string format_value(double value, Unit unit);

// One series to draw.
struct PlotSeries {
  const std::vector<float>* values = nullptr;  // at scrape k; NaN = gap
  const char* name = "";                       // in the hover tooltip
  ImU32 color = IM_COL32_WHITE;
  float thickness = 2.0f;  // whole pixels draw cheapest (Dear ImGui's textured lines)
  bool fill = false;       // shade the area under it (the main series)
  bool dashed = false;     // a reference series (a limit, the desired count)
};

// A horizontal line across the plot, e.g. an alert threshold.
struct PlotLine {
  double value = 0;  // in the plot's unit
  ImU32 color = IM_COL32_WHITE;
  std::string label;    // drawn at the line's right end, in its colour
  std::string tooltip;  // shown while the mouse is within a few pixels of it
};

struct PlotSpec {
  const char* id = "plot";  // ImGui id, unique within the window
  std::string title;        // top left
  std::string title_value;  // after the title, brighter (the value at the cursor)
  Unit unit = Unit::kCount;
  SimTime step = 0;                 // the scrape interval of the series' grid
  SimTime end = 0;                  // the x axis runs from 0 to end
  SimTime cursor = 0;               // drawn as a vertical line
  std::vector<PlotSeries> series;   // the first is the main one
  std::span<const PlotLine> lines;  // the caller keeps them (built once, not per frame)
  double min_top = 0;               // the y axis reaches at least this
  // The y axis goes no higher than this unless the data does (a ratio: 1).
  double max_top = std::numeric_limits<double>::infinity();
  double line_reach = 3.0;     // lines up to this times the data's top are kept in range
  bool integer_ticks = false;  // y ticks on whole numbers (replica counts)
  bool time_labels = true;     // label the time axis (plots stacked above another may not)
};

struct PlotResult {
  // The scrape time under the mouse while the plot is pressed or dragged.
  std::optional<SimTime> pressed_at;
};

// Draws plots, reusing its buffers from frame to frame (no allocation once
// warm). One per panel is enough: plots are drawn one after another.
//
// A series' maximum and its per-column reduction are cached by the address
// of its values (and the width): a frame then costs O(width) per series,
// not O(scrapes). The values must therefore not change while the TimePlot
// draws them (a replay's series never do); call forget() if they do.
class TimePlot {
 public:
  // Draws `spec` as an ImGui item of `size` at the cursor position.
  PlotResult draw(const PlotSpec& spec, ImVec2 size);
  // Drops the cached reductions.
  void forget() { cache_.clear(); }

 private:
  struct Column {
    float lo, hi;  // min and max of the column's scrapes; lo > hi: none
  };
  // One series reduced: its maximum, and min/max per pixel column at a width.
  struct Reduced {
    const std::vector<float>* values = nullptr;
    SimTime step = 0, end = 0;
    int width = 0;  // 0: only `top` computed
    float top = 0;  // the largest value, 0 if none
    std::vector<Column> columns;
  };
  // The reduction of `values` at `width` columns (0: just the top), cached.
  const Reduced& reduced(const std::vector<float>* values, SimTime step, SimTime end, int width);
  // Draws `s` in the data area lo..hi (values 0..top), dimmed after the
  // cursor's x.
  void draw_series(ImDrawList* dl, const PlotSeries& s, SimTime step, SimTime end, ImVec2 lo,
                   ImVec2 hi, double top, float cursor_x);

  // Draws the runs draw_series collected.
  void draw_runs(ImDrawList* dl, const PlotSeries& s, ImU32 fill, ImVec2 lo, ImVec2 hi,
                 float cursor_x);

  std::vector<Reduced> cache_;
  std::vector<ImVec2> points_;                             // of every run, in order
  std::vector<std::pair<std::size_t, std::size_t>> runs_;  // (first point, count)
};

}  // namespace firedrill::viewer
