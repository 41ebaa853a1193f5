// Where the service graph puts its nodes: a force-directed layout (Boost.Graph's
// Kamada-Kawai spring layout) turned so that traffic flows left to right,
// computed once per replay. No GL, no ImGui: unit-tested on its own.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace firedrill::viewer {

// A node's place, each coordinate in [0, 1]; y grows downwards, as on screen.
struct LayoutPoint {
  float x = 0;
  float y = 0;
};

struct GraphLayout {
  // One per node, in node order. Each axis is scaled on its own so that the
  // nodes span [margin, 1 - margin] (a layout with no extent along an axis,
  // such as a single node or a chain, sits at 0.5 on it).
  std::vector<LayoutPoint> positions;
  // The width / height the layout was drawn at (each node counted as a cell
  // one edge long), so that a canvas can keep its shape: stretch the unit
  // square to a box of about this aspect. Always > 0.
  float aspect = 1;
};

// A directed edge, caller -> callee, as node indexes.
using LayoutEdge = std::pair<std::size_t, std::size_t>;

// Lays out `nodes` nodes joined by `edges`. Deterministic: the same input
// gives the same output, bit for bit (no randomness; the start is a layered
// placement, not random).
//
// - The layout treats edges as undirected springs; duplicate edges count
//   once and self loops are ignored. Their direction only orients the
//   result: each connected component is rotated so that its edges point
//   right on average (callers left, callees right).
// - Each connected component is laid out on its own and the components are
//   packed side by side in rows (largest first), apart by at least one edge
//   length, so that they never overlap.
// - Nodes are kept at least half an edge length apart.
// - 0 nodes give no positions, 1 node sits in the middle.
//
// Throws std::invalid_argument if an edge names a node >= `nodes`. Costs
// about O(n^2) per relaxation step: milliseconds for the tens of services of
// a scenario, seconds beyond a few hundred nodes.
GraphLayout layout_graph(std::size_t nodes, const std::vector<LayoutEdge>& edges,
                         float margin = 0.05f);

}  // namespace firedrill::viewer
