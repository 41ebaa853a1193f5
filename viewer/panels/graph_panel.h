// The service graph: nodes laid out once by Boost.Graph (viewer/layout), coloured by health at the cursor; edges by call rate and failure; the hidden-truth marks; click to select.
#pragma once

#include "viewer/app/view_context.h"

namespace firedrill::viewer {

class GraphPanel {
 public:
  explicit GraphPanel(const Replay& replay);
  // Draws the panel's contents inside the current ImGui window.
  void draw(ViewContext& ctx);
};

}  // namespace firedrill::viewer
