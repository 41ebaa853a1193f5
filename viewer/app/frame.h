// One frame of the viewer: the six panels laid out in their windows, the
// keyboard shortcuts, and the score card's background computation polled.
#pragma once

#include <memory>

#include "viewer/app/view_context.h"
#include "viewer/panels/alerts_panel.h"
#include "viewer/panels/graph_panel.h"
#include "viewer/panels/log_panel.h"
#include "viewer/panels/metrics_panel.h"
#include "viewer/panels/score_panel.h"
#include "viewer/panels/timeline_panel.h"

namespace firedrill::viewer {

class Frame {
 public:
  explicit Frame(const Replay& replay);

  // Builds the ImGui frame (between ImGui::NewFrame and ImGui::Render) for
  // a display of `width` x `height` pixels. With `fixed_layout` every panel
  // is put in its default place (screenshots); otherwise the default place
  // applies only the first time (then the remembered layout wins).
  void draw(ViewContext& ctx, float width, float height, bool fixed_layout);

 private:
  TimelinePanel timeline_;
  GraphPanel graph_;
  MetricsPanel metrics_;
  AlertsPanel alerts_;
  LogPanel log_;
  ScorePanel score_;
};

// Applies the keyboard shortcuts (space, arrows, +/-, home/end) to the
// cursor, unless a text field has the keyboard.
void handle_keys(ViewContext& ctx);

// Moves the card from computing to ready or failed when its worker is done.
void poll_card(CardSlot& slot);

}  // namespace firedrill::viewer
