// The selected service's key series as plots, with the cursor line and the alert thresholds.
#pragma once

#include "viewer/app/view_context.h"

namespace firedrill::viewer {

class MetricsPanel {
 public:
  explicit MetricsPanel(const Replay& replay);
  // Draws the panel's contents inside the current ImGui window.
  void draw(ViewContext& ctx);
};

}  // namespace firedrill::viewer
