// The score card, each item linked to its moment on the timeline.
#pragma once

#include "viewer/app/view_context.h"

namespace firedrill::viewer {

class ScorePanel {
 public:
  explicit ScorePanel(const Replay& replay);
  // Draws the panel's contents inside the current ImGui window.
  void draw(ViewContext& ctx);
};

}  // namespace firedrill::viewer
