// Alerts and pages: each alert's and pager incident's state at the cursor, and the history list.
#pragma once

#include "viewer/app/view_context.h"

namespace firedrill::viewer {

class AlertsPanel {
 public:
  explicit AlertsPanel(const Replay& replay);
  // Draws the panel's contents inside the current ImGui window.
  void draw(ViewContext& ctx);
};

}  // namespace firedrill::viewer
