// Alerts and pages: what was pending, firing and paging at the cursor
// ("Now"), then every alert and pager incident up to the cursor, newest
// first ("History"), as the trainees could have seen it by then. Clicking a
// time puts the cursor there.
#pragma once

#include <cstddef>
#include <set>
#include <vector>

#include "sim/base/time.h"
#include "viewer/app/view_context.h"

namespace firedrill::viewer {

class AlertsPanel {
 public:
  explicit AlertsPanel(const Replay& replay);
  // Draws the panel's contents inside the current ImGui window.
  void draw(ViewContext& ctx);

 private:
  // One row of the history: an alert span or a pager incident, or one page
  // of an incident shown expanded.
  struct Row {
    enum class Kind { kAlert, kIncident, kPage };
    Kind kind = Kind::kAlert;
    std::size_t index = 0;  // into history.alerts or history.incidents
    std::size_t page = 0;   // kPage: into the incident's pages
  };

  void draw_now(ViewContext& ctx, SimTime t);
  void draw_history(ViewContext& ctx, SimTime t);
  // The rows started at or before `t`, newest first, with the pages of the
  // expanded incidents under them.
  void build_rows(SimTime t);

  const Replay& replay_;
  // Alerts and incidents merged by start time (pending / triggered), oldest
  // first: the history is its prefix up to the cursor, read backwards.
  std::vector<Row> by_start_;
  std::vector<SimTime> start_times_;  // of by_start_, for the binary search
  std::set<std::size_t> expanded_;    // incidents whose pages are shown
  std::vector<Row> rows_;             // this frame's history rows
  float now_height_ = 0;              // what "Now" took last frame, 0 before the first
};

}  // namespace firedrill::viewer
