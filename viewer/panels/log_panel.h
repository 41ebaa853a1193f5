// Actions and log: trainee actions, facilitator injects, the selected service's synthetic logs, the change log, up to the cursor.
#pragma once

#include "viewer/app/view_context.h"

namespace firedrill::viewer {

class LogPanel {
 public:
  explicit LogPanel(const Replay& replay);
  // Draws the panel's contents inside the current ImGui window.
  void draw(ViewContext& ctx);
};

}  // namespace firedrill::viewer
