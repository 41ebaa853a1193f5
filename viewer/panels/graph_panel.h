// The service graph: nodes laid out once by Boost.Graph (viewer/layout),
// filled with their health colour at the cursor; calls as arrows, thicker
// with more traffic and redder with more failures; with the hidden truth on,
// where the faults really are and the incident's root cause. Hovering a
// node tells its numbers; clicking it selects it.
//
// The screenshot tests sample a node's centre, so the centre of a circle is
// only ever its health fill: names and tags go beside it (below, above when
// crowded), rings around it.
#pragma once

#include <algorithm>
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

  struct Rect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool overlaps(const Rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
    float overlap_area(const Rect& o) const {
      const float w = std::min(x1, o.x1) - std::max(x0, o.x0);
      const float h = std::min(y1, o.y1) - std::max(y0, o.y0);
      return w > 0 && h > 0 ? w * h : 0;
    }
  };

  void draw_toolbar(ViewContext& ctx) const;
  // Recomputes everything in pixels for a canvas of this size, in steps:
  // centres and radius; names and truth tags where they cover nothing
  // (`taken`: what is already there); the arrows between the circles.
  void fit(float width, float height);
  void place_nodes(float width, float height);
  void place_labels(float width, std::vector<Rect>& taken);
  void place_tags(float width, std::vector<Rect>& taken);
  void place_arrows();
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
  // Top centre of each service's hidden-truth tag, where it covers the
  // fewest names and nodes (only services with a fault or the root cause).
  std::vector<Pixel> tags_;

  // Health at scrape health_k_ (recomputed when the cursor crosses a scrape).
  std::size_t health_k_ = static_cast<std::size_t>(-1);
  std::vector<Health> health_;
};

}  // namespace firedrill::viewer
