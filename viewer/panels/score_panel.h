// The score card: the total against the scenario's minimum, each section
// with its bar and its items (points and reason), each item linked to the
// moment it is about (viewer/replay/score_links.h), and the response's
// milestones. The card is computed on a worker thread (it re-simulates the
// do-nothing run); until it is ready the panel says so.
#pragma once

#include <optional>
#include <vector>

#include "sim/base/time.h"
#include "viewer/app/view_context.h"
#include "viewer/replay/score_links.h"

namespace firedrill::viewer {

class ScorePanel {
 public:
  explicit ScorePanel(const Replay& replay);
  // Draws the panel's contents inside the current ImGui window.
  void draw(ViewContext& ctx);

 private:
  void draw_not_ready(const CardSlot& slot) const;
  void draw_card(ViewContext& ctx, const ScoreCard& card);
  void draw_milestones(ViewContext& ctx, const ScoreCard& card) const;
  // The moments of `card`'s items, computed the first time it is drawn.
  void link(const ScoreCard& card);

  const Replay& replay_;
  ResponseLog log_;  // what the journal adds to the card's links
  const ScoreCard* linked_ = nullptr;
  std::vector<std::vector<std::optional<SimTime>>> moments_;  // [section][item]
};

}  // namespace firedrill::viewer
