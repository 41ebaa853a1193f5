// The service graph: nodes laid out once by Boost.Graph (viewer/layout),
// filled with their health colour at the cursor; calls as arrows, thicker
// with more traffic and redder with more failures; with the hidden truth on,
// where the faults really are and the incident's root cause. Hovering a
// node tells its numbers; clicking it selects it.
//
// The screenshot tests sample a node's centre, so the centre of a circle is
// only ever its health fill: the name sits below it, rings go around it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "viewer/app/view_context.h"
#include "viewer/layout/graph_layout.h"
#include "viewer/replay/health.h"

namespace firedrill::viewer {

class GraphPanel {
 public:
  explicit GraphPanel(const Replay& replay);
  // Draws the panel's contents inside the current ImGui window, and records
  // every node in ctx.geometry.nodes.
  void draw(ViewContext& ctx);

 private:
  struct Pixel {
    float x = 0;
    float y = 0;
  };
  // Where a node's name goes, relative to the canvas; hidden when it would
  // cover another name or node (the tooltip still tells it).
  struct Label {
    Pixel at;
    bool shown = true;
  };
  // A call's arrow between the two circles, relative to the canvas.
  struct Arrow {
    Pixel from, to;   // tail and tip, on the circles' edges
    Pixel direction;  // unit vector from -> to
    bool shown = false;
  };

  void draw_toolbar(ViewContext& ctx) const;
  // Recomputes everything in pixels for a canvas of this size.
  void fit(float width, float height);
  // Recomputes the health of every service for scrape index k.
  void update_health(std::size_t k);
  void draw_edges(Pixel origin, std::size_t k) const;
  void draw_nodes(const ViewContext& ctx, Pixel origin, std::optional<std::size_t> hovered) const;
  void draw_truth(const ViewContext& ctx, Pixel origin) const;
  void draw_tooltip(const ViewContext& ctx, std::size_t i, std::size_t k) const;
  // The node under `mouse` (relative to the canvas), if any.
  std::optional<std::size_t> node_at(Pixel mouse) const;

  const Replay& replay_;
  GraphLayout layout_;
  // Per service: indexes of its spans in replay.history.faults.
  std::vector<std::vector<std::size_t>> faults_of_;
  std::vector<bool> root_cause_;
  std::vector<float> label_widths_;  // measured with the font at the first fit

  // What the last fit computed, for a canvas of fitted_ pixels.
  Pixel fitted_{-1, -1};
  float radius_ = 10;
  std::vector<Pixel> centres_;
  std::vector<Label> labels_;
  std::vector<Arrow> arrows_;  // by replay.series.edges index

  // Health at scrape health_k_ (recomputed when the cursor crosses a scrape).
  std::size_t health_k_ = static_cast<std::size_t>(-1);
  std::vector<Health> health_;
};

}  // namespace firedrill::viewer
