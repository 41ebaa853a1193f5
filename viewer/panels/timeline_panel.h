// The timeline across the top: play/pause, speed, the clock, and the track:
// a band of the run's worst service health over time, the markers in three
// lanes (ground truth and changes; alerts, pages and escalations; the
// responders' actions, mitigations, injects and resolution), and the cursor.
// Dragging on the track scrubs; hovering a marker says what it was; clicking
// a marker jumps to it.
#pragma once

#include <cstdint>
#include <vector>

#include "viewer/app/view_context.h"

namespace firedrill::viewer {

class TimelinePanel {
 public:
  explicit TimelinePanel(const Replay& replay);
  // Draws the panel's contents inside the current ImGui window.
  void draw(ViewContext& ctx);

 private:
  void draw_controls(ViewContext& ctx);
  void draw_track(ViewContext& ctx);

  // Per scrape: the worst health state of any service (the band).
  std::vector<std::uint8_t> worst_state_;
  bool pressed_on_marker_ = false;  // the mouse button went down on a marker
};

// The lane a marker kind is drawn in: 0 ground truth and changes, 1 what
// monitoring and paging did, 2 what people did.
int marker_lane(MarkerKind kind);

}  // namespace firedrill::viewer
