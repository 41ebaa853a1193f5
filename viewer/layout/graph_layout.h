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
// gives the same output, bit for bit (no randomness: the spring layout
// starts from a layered placement).
//
// - Each connected component (edges taken both ways) is laid out on its own
//   by Kamada-Kawai, edges as springs one edge length long; duplicate edges
//   count once and self loops are ignored.
// - Then the edges' direction orients it: the component is turned so that
//   its calls point right on average, then nudged so that every call runs
//   left to right (but those closing a cycle), callers before callees, and
//   so that no node sits on a call between two others.
// - Nodes are kept at least half an edge length apart.
// - The components are packed in rows (largest first), one edge length
//   apart at least, so that they never overlap.
// - 0 nodes give no positions; 1 node sits in the middle.
//
// Throws std::invalid_argument if an edge names a node >= `nodes`. Takes
// under a millisecond for a dozen services, tens of milliseconds for 50, and
// is bounded to about a second for hundreds (the spring layout then stops
// before it has settled).
GraphLayout layout_graph(std::size_t nodes, const std::vector<LayoutEdge>& edges,
                         float margin = 0.05f);

}  // namespace firedrill::viewer
