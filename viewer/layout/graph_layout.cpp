// layout_graph: each connected component laid out by Kamada-Kawai from a
// layered start, turned so that its calls point right on average, then
// nudged (calls left to right, nodes off other calls, nodes apart); the
// components packed in rows and the whole scaled into the unit square.
#include "viewer/layout/graph_layout.h"

#include <algorithm>
// GCC's optimiser sees a "maybe uninitialized" optional deep inside Boost's
// Johnson all-pairs shortest paths (which Kamada-Kawai runs first): a false
// positive in Boost's code, not ours, so silenced for these headers only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/kamada_kawai_spring_layout.hpp>
#include <boost/graph/topology.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>

namespace firedrill::viewer {
namespace {

// Lengths below are in edge lengths (the spring length of one edge).
constexpr double kMinNodeDistance = 0.5;  // nodes closer than this are pushed apart
constexpr double kComponentGap = 1.0;     // space between packed components
// Rows of components are filled up to about this width / height: wider than
// square, as the graph panel is.
constexpr double kPackAspect = 1.6;

struct Vec {
  double x = 0;
  double y = 0;
};

// One connected component: its nodes (ascending) and its distinct directed
// edges between local indexes.
struct Component {
  std::vector<std::size_t> nodes;
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  std::vector<Vec> pos;  // local layout, by local index
  double width = 0;      // extent of pos after normalise_origin
  double height = 0;
};

using Topology = boost::square_topology<>;
using Point = Topology::point_type;
using UndirectedGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                          boost::property<boost::edge_weight_t, double>>;

// Kamada-Kawai's stopping rule, bounded: Boost's layout_tolerance compares
// successive energies only, and can cycle on some graphs without end. This
// one stops when the largest force is negligible, or after a budget of
// steps, so that a layout always finishes (and finishes the same way). Each
// step of Boost's loop costs O(n^2) (it evaluates the whole energy), so the
// budget shrinks with the square of the size: tens of milliseconds for 50
// nodes, about a second at most for hundreds.
class BoundedDone {
 public:
  explicit BoundedDone(std::size_t nodes) {
    constexpr double kPairBudget = 3e8;  // node pairs visited, all steps together
    const auto n = static_cast<double>(std::max<std::size_t>(nodes, 1));
    max_steps_ = static_cast<std::size_t>(std::min(40 * n + 200, kPairBudget / (n * n)));
  }

  template <typename Graph>
  bool operator()(double delta, typename boost::graph_traits<Graph>::vertex_descriptor,
                  const Graph&, bool global) {
    constexpr double kNegligible = 1e-4;  // in edge lengths
    if (++steps_ > max_steps_) return true;
    if (global) {
      local_steps_ = 0;
      last_local_ = std::numeric_limits<double>::max();
      return delta < kNegligible;
    }
    constexpr std::size_t kMaxLocal = 10;  // Newton steps on one node in a row
    const bool stalled = delta > last_local_ * (1 - 1e-4);
    last_local_ = delta;
    return delta < kNegligible || stalled || ++local_steps_ >= kMaxLocal;
  }

 private:
  std::size_t max_steps_ = 0;
  std::size_t steps_ = 0;
  std::size_t local_steps_ = 0;
  double last_local_ = std::numeric_limits<double>::max();
};

// Splits the nodes into connected components (edges taken both ways), each
// with its distinct directed edges, in order of their smallest node.
std::vector<Component> components_of(std::size_t n, const std::vector<LayoutEdge>& edges) {
  std::set<std::pair<std::size_t, std::size_t>> directed;
  std::vector<std::vector<std::size_t>> neighbours(n);
  for (const auto& [from, to] : edges) {
    if (from >= n || to >= n) {
      throw std::invalid_argument("layout_graph: edge " + std::to_string(from) + " -> " +
                                  std::to_string(to) + " names a node beyond " + std::to_string(n));
    }
    if (from == to || !directed.insert({from, to}).second) continue;
    neighbours[from].push_back(to);
    neighbours[to].push_back(from);
  }
  std::vector<std::size_t> component_of(n, n);
  std::vector<Component> out;
  for (std::size_t start = 0; start < n; ++start) {
    if (component_of[start] != n) continue;
    Component c;
    std::vector<std::size_t> stack = {start};
    component_of[start] = out.size();
    while (!stack.empty()) {
      const std::size_t v = stack.back();
      stack.pop_back();
      c.nodes.push_back(v);
      for (std::size_t w : neighbours[v]) {
        if (component_of[w] == n) {
          component_of[w] = out.size();
          stack.push_back(w);
        }
      }
    }
    std::sort(c.nodes.begin(), c.nodes.end());
    out.push_back(std::move(c));
  }
  // Local indexes: a node's rank in its (sorted) component.
  std::vector<std::size_t> local(n);
  for (const Component& c : out) {
    for (std::size_t i = 0; i < c.nodes.size(); ++i) local[c.nodes[i]] = i;
  }
  for (const auto& [from, to] : directed) {
    out[component_of[from]].edges.emplace_back(local[from], local[to]);
  }
  return out;
}

// The starting placement: x is the node's depth along the longest call
// chain that reaches it, y its rank within that column, nudged a little so
// that no three nodes start on one line (Kamada-Kawai's Newton steps would
// keep a straight line straight). A good start matters: the spring layout
// only finds the nearest balance, and from a layered start that balance
// has calls running one way with few crossings.
std::vector<Vec> layered_start(const Component& c) {
  const std::size_t n = c.nodes.size();
  std::vector<std::size_t> layer(n, 0);
  // Longest-path layers by relaxation; bounded so that a cycle cannot push
  // layers up for ever.
  for (std::size_t round = 0; round < n; ++round) {
    bool changed = false;
    for (const auto& [from, to] : c.edges) {
      if (layer[to] < layer[from] + 1 && layer[from] + 1 < n) {
        layer[to] = layer[from] + 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  std::vector<std::size_t> count(n, 0);
  for (std::size_t l : layer) ++count[l];
  std::vector<std::size_t> rank(n, 0);
  std::vector<Vec> pos(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double nudge = 0.2 * (static_cast<double>((i * 37) % 7) / 6.0 - 0.5);
    pos[i].x = static_cast<double>(layer[i]);
    pos[i].y = static_cast<double>(rank[layer[i]]++) -
               static_cast<double>(count[layer[i]] - 1) / 2.0 + nudge;
  }
  return pos;
}

// Kamada-Kawai on one component of three nodes or more, from `start`.
// Returns the start itself if the layout fails (it should not: the
// component is connected and the start has no two nodes in one place).
std::vector<Vec> spring_layout(const Component& c, const std::vector<Vec>& start) {
  const std::size_t n = c.nodes.size();
  UndirectedGraph g(n);
  for (const auto& [from, to] : c.edges) {
    // A call and its reverse are one spring.
    if (!boost::edge(from, to, g).second) boost::add_edge(from, to, 1.0, g);
  }
  std::vector<Point> points(n);
  for (std::size_t i = 0; i < n; ++i) {
    points[i][0] = start[i].x;
    points[i][1] = start[i].y;
  }
  auto position = boost::make_iterator_property_map(points.begin(), get(boost::vertex_index, g));
  const Topology topology;
  const bool ok = boost::kamada_kawai_spring_layout(
      g, position, get(boost::edge_weight, g), topology, boost::edge_length(1.0), BoundedDone(n));
  std::vector<Vec> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = {points[i][0], points[i][1]};
    if (!std::isfinite(out[i].x) || !std::isfinite(out[i].y)) return start;
  }
  return ok ? out : start;
}

void rotate(std::vector<Vec>& pos, double angle) {
  const double c = std::cos(angle), s = std::sin(angle);
  for (Vec& p : pos) p = {c * p.x - s * p.y, s * p.x + c * p.y};
}

// Turns a component so that its calls point right on average (the sum of
// the edges' unit vectors along +x). Without a direction to go by (no edges,
// or calls that cancel out), lays its longest extent horizontally.
void orient(Component& c) {
  Vec flow;
  for (const auto& [from, to] : c.edges) {
    const double dx = c.pos[to].x - c.pos[from].x, dy = c.pos[to].y - c.pos[from].y;
    const double len = std::hypot(dx, dy);
    if (len > 1e-9) flow = {flow.x + dx / len, flow.y + dy / len};
  }
  if (std::hypot(flow.x, flow.y) > 1e-6) {
    rotate(c.pos, -std::atan2(flow.y, flow.x));
    return;
  }
  // Principal axis of the points.
  Vec mean;
  for (const Vec& p : c.pos) mean = {mean.x + p.x, mean.y + p.y};
  const auto count = static_cast<double>(c.pos.size());
  mean = {mean.x / count, mean.y / count};
  double sxx = 0, syy = 0, sxy = 0;
  for (const Vec& p : c.pos) {
    sxx += (p.x - mean.x) * (p.x - mean.x);
    syy += (p.y - mean.y) * (p.y - mean.y);
    sxy += (p.x - mean.x) * (p.y - mean.y);
  }
  if (std::abs(sxy) > 1e-12 || syy > sxx) rotate(c.pos, -0.5 * std::atan2(2 * sxy, sxx - syy));
}

// Pushes apart nodes closer than kMinNodeDistance, a few rounds at most:
// the spring layout keeps neighbours an edge apart, but the leaves of a
// busy node can bunch up.
void separate(std::vector<Vec>& pos) {
  const std::size_t n = pos.size();
  for (int round = 0; round < 50; ++round) {
    bool moved = false;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = i + 1; j < n; ++j) {
        double dx = pos[j].x - pos[i].x, dy = pos[j].y - pos[i].y;
        const double d = std::hypot(dx, dy);
        if (d >= kMinNodeDistance) continue;
        if (d < 1e-9) {
          // On top of each other: part them along a direction of their own.
          const double a = static_cast<double>(i * 7 + j * 13);
          dx = std::cos(a);
          dy = std::sin(a);
        } else {
          dx /= d;
          dy /= d;
        }
        const double push = (kMinNodeDistance - d) / 2 + 1e-6;
        pos[i] = {pos[i].x - dx * push, pos[i].y - dy * push};
        pos[j] = {pos[j].x + dx * push, pos[j].y + dy * push};
        moved = true;
      }
    }
    if (!moved) break;
  }
}

// Moves the component's box to start at (0, 0) and records its size.
void normalise_origin(Component& c) {
  double min_x = c.pos[0].x, min_y = c.pos[0].y, max_x = min_x, max_y = min_y;
  for (const Vec& p : c.pos) {
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
  }
  for (Vec& p : c.pos) p = {p.x - min_x, p.y - min_y};
  c.width = max_x - min_x;
  c.height = max_y - min_y;
}

// The calls that can all point right at once: every edge but those that
// close a cycle (back edges of a depth-first search from each node in
// index order).
std::vector<std::pair<std::size_t, std::size_t>> forward_edges(const Component& c) {
  const std::size_t n = c.nodes.size();
  std::vector<std::vector<std::size_t>> out(n);
  for (const auto& [from, to] : c.edges) out[from].push_back(to);
  enum class Mark { kNew, kOnPath, kDone };
  std::vector<Mark> mark(n, Mark::kNew);
  std::vector<std::pair<std::size_t, std::size_t>> forward;
  for (std::size_t root = 0; root < n; ++root) {
    if (mark[root] != Mark::kNew) continue;
    // (node, next out-edge to look at)
    std::vector<std::pair<std::size_t, std::size_t>> stack = {{root, 0}};
    mark[root] = Mark::kOnPath;
    while (!stack.empty()) {
      auto& [v, next] = stack.back();
      if (next == out[v].size()) {
        mark[v] = Mark::kDone;
        stack.pop_back();
        continue;
      }
      const std::size_t w = out[v][next++];
      if (mark[w] == Mark::kOnPath) continue;  // closes a cycle
      forward.emplace_back(v, w);
      if (mark[w] == Mark::kNew) {
        mark[w] = Mark::kOnPath;
        stack.emplace_back(w, 0);
      }
    }
  }
  return forward;
}

// Makes every call point right: a caller at least kMinCallRun left of its
// callee. The spring layout alone puts a busy caller in the middle of its
// callees, calls fanning out in every direction; readers of a service map
// expect requests to enter on the left and sink to the databases on the
// right. Violated constraints are projected out in turns (each end moves
// half-way), which keeps the spring layout's vertical order and as much
// of its shape as the constraints allow.
void straighten(Component& c) {
  constexpr double kMinCallRun = 0.8;
  const auto forward = forward_edges(c);
  for (int round = 0; round < 200; ++round) {
    double worst = 0;
    for (const auto& [from, to] : forward) {
      const double short_by = c.pos[from].x + kMinCallRun - c.pos[to].x;
      if (short_by <= 0) continue;
      worst = std::max(worst, short_by);
      c.pos[from].x -= short_by / 2;
      c.pos[to].x += short_by / 2;
    }
    if (worst < 1e-6) break;
  }
}

// Moves nodes off calls they are not part of: a line through a circle
// reads as a call to it. Each node too close to the middle of another
// pair's edge steps away from it, sideways to the edge.
void clear_edges(Component& c) {
  constexpr double kClearance = 0.35;
  const std::size_t n = c.pos.size();
  for (int round = 0; round < 50; ++round) {
    bool moved = false;
    for (const auto& [a, b] : c.edges) {
      const Vec pa = c.pos[a], pb = c.pos[b];
      const double ex = pb.x - pa.x, ey = pb.y - pa.y;
      const double length2 = ex * ex + ey * ey;
      if (length2 < 1e-12) continue;
      for (std::size_t v = 0; v < n; ++v) {
        if (v == a || v == b) continue;
        const double t = ((c.pos[v].x - pa.x) * ex + (c.pos[v].y - pa.y) * ey) / length2;
        if (t <= 0 || t >= 1) continue;  // beside an end: separate() keeps nodes apart
        double dx = c.pos[v].x - (pa.x + t * ex), dy = c.pos[v].y - (pa.y + t * ey);
        double d = std::hypot(dx, dy);
        if (d >= kClearance) continue;
        if (d < 1e-9) {  // on the line: step to its left (as drawn, y down)
          dx = ey;
          dy = -ex;
          d = std::sqrt(length2);
        }
        const double step = kClearance - d + 1e-6;
        c.pos[v].x += dx / d * step;
        c.pos[v].y += dy / d * step;
        moved = true;
      }
    }
    if (!moved) break;
  }
}

void lay_out_component(Component& c) {
  const std::size_t n = c.nodes.size();
  if (n == 1) {
    c.pos = {Vec{}};
  } else if (n == 2) {
    c.pos = {Vec{0, 0}, Vec{1, 0}};
  } else {
    c.pos = spring_layout(c, layered_start(c));
  }
  orient(c);
  // Each step can undo a little of the others'; a few turns settle them,
  // and separation goes last because nodes apart matters most.
  for (int turn = 0; turn < 3; ++turn) {
    straighten(c);
    clear_edges(c);
    separate(c.pos);
  }
  normalise_origin(c);
}

// Places the components in rows, largest first, each row about as wide as
// the packed whole should be; each component centred in its row's height.
// Returns the positions of all nodes, by node index.
std::vector<Vec> pack(std::vector<Component>& components, std::size_t n) {
  std::vector<std::size_t> order(components.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return components[a].nodes.size() > components[b].nodes.size();
  });
  double area = 0, widest = 0;
  for (const Component& c : components) {
    area += (c.width + kComponentGap) * (c.height + kComponentGap);
    widest = std::max(widest, c.width);
  }
  const double row_width = std::max(widest, std::sqrt(area * kPackAspect));

  struct Placed {
    std::size_t component = 0;
    double x = 0;
    std::size_t row = 0;
  };
  std::vector<Placed> placed;
  std::vector<double> row_heights = {0};
  double x = 0;
  for (std::size_t ci : order) {
    const Component& c = components[ci];
    if (x > 0 && x + c.width > row_width + 1e-9) {
      row_heights.push_back(0);
      x = 0;
    }
    placed.push_back({ci, x, row_heights.size() - 1});
    row_heights.back() = std::max(row_heights.back(), c.height);
    x += c.width + kComponentGap;
  }
  std::vector<double> row_top(row_heights.size(), 0);
  for (std::size_t r = 1; r < row_heights.size(); ++r) {
    row_top[r] = row_top[r - 1] + row_heights[r - 1] + kComponentGap;
  }
  std::vector<Vec> out(n);
  for (const Placed& p : placed) {
    const Component& c = components[p.component];
    const double top = row_top[p.row] + (row_heights[p.row] - c.height) / 2;
    for (std::size_t i = 0; i < c.nodes.size(); ++i) {
      out[c.nodes[i]] = {p.x + c.pos[i].x, top + c.pos[i].y};
    }
  }
  return out;
}

}  // namespace

GraphLayout layout_graph(std::size_t nodes, const std::vector<LayoutEdge>& edges, float margin) {
  GraphLayout layout;
  std::vector<Component> components = components_of(nodes, edges);
  if (nodes == 0) return layout;
  for (Component& c : components) lay_out_component(c);
  const std::vector<Vec> pos = pack(components, nodes);

  double min_x = pos[0].x, min_y = pos[0].y, max_x = min_x, max_y = min_y;
  for (const Vec& p : pos) {
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
  }
  const double m = std::clamp(static_cast<double>(margin), 0.0, 0.45);
  const double span = 1 - 2 * m;
  const auto scale = [&](double v, double lo, double hi) {
    return static_cast<float>(hi - lo > 1e-9 ? m + span * (v - lo) / (hi - lo) : 0.5);
  };
  layout.positions.reserve(nodes);
  for (const Vec& p : pos) {
    layout.positions.push_back({scale(p.x, min_x, max_x), scale(p.y, min_y, max_y)});
  }
  layout.aspect = static_cast<float>((max_x - min_x + 1) / (max_y - min_y + 1));
  return layout;
}

}  // namespace firedrill::viewer
