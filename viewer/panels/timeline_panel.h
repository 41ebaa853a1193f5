// The timeline across the top: play/pause, speed, the scrubber over the whole run, and the markers (hover says what, click jumps).
#pragma once

#include "viewer/app/view_context.h"

namespace firedrill::viewer {

class TimelinePanel {
 public:
  explicit TimelinePanel(const Replay& replay);
  // Draws the panel's contents inside the current ImGui window.
  void draw(ViewContext& ctx);
};

}  // namespace firedrill::viewer
