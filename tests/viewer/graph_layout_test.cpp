// layout_graph: deterministic, inside the unit square, nodes apart,
// components apart, calls flowing left to right, and the edge cases.
#include "viewer/layout/graph_layout.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace firedrill::viewer {
namespace {

// The bundled shop (scenarios/database-outage): frontend calls sessions,
// catalog, recommendations, ads, currency, cart and checkout; most of them
// reach db.
enum Shop : std::size_t {
  kFrontend,
  kSessions,
  kCatalog,
  kRecommendations,
  kAds,
  kCurrency,
  kCart,
  kCheckout,
  kPayments,
  kShipping,
  kDb,
  kShopSize
};
const std::vector<LayoutEdge> kShopEdges = {{kFrontend, kSessions},
                                            {kFrontend, kCatalog},
                                            {kFrontend, kRecommendations},
                                            {kFrontend, kAds},
                                            {kFrontend, kCurrency},
                                            {kFrontend, kCart},
                                            {kFrontend, kCheckout},
                                            {kSessions, kDb},
                                            {kCatalog, kDb},
                                            {kRecommendations, kCatalog},
                                            {kCart, kDb},
                                            {kCheckout, kCart},
                                            {kCheckout, kCurrency},
                                            {kCheckout, kPayments},
                                            {kCheckout, kShipping},
                                            {kCheckout, kDb}};

// A 50-service graph: 5 entry points, each service calling one to three
// services of higher index, picked by a fixed linear congruential sequence.
std::vector<LayoutEdge> fifty_edges() {
  std::vector<LayoutEdge> edges;
  std::uint32_t state = 12345;
  const auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  for (std::size_t i = 0; i < 49; ++i) {
    const std::size_t calls = 1 + next() % 3;
    for (std::size_t c = 0; c < calls; ++c) {
      const std::size_t lowest = std::max<std::size_t>(i + 1, 5);
      if (lowest >= 50) break;
      edges.emplace_back(i, lowest + next() % (50 - lowest));
    }
  }
  return edges;
}

float distance(LayoutPoint a, LayoutPoint b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

float min_distance(const GraphLayout& layout) {
  float best = 2;
  for (std::size_t i = 0; i < layout.positions.size(); ++i) {
    for (std::size_t j = i + 1; j < layout.positions.size(); ++j) {
      best = std::min(best, distance(layout.positions[i], layout.positions[j]));
    }
  }
  return best;
}

void require_inside(const GraphLayout& layout, float margin) {
  for (const LayoutPoint& p : layout.positions) {
    REQUIRE(p.x >= margin - 1e-5f);
    REQUIRE(p.x <= 1 - margin + 1e-5f);
    REQUIRE(p.y >= margin - 1e-5f);
    REQUIRE(p.y <= 1 - margin + 1e-5f);
  }
}

bool same(const GraphLayout& a, const GraphLayout& b) {
  if (a.positions.size() != b.positions.size() || a.aspect != b.aspect) return false;
  for (std::size_t i = 0; i < a.positions.size(); ++i) {
    if (a.positions[i].x != b.positions[i].x || a.positions[i].y != b.positions[i].y) {
      return false;
    }
  }
  return true;
}

struct Box {
  float x0 = 2, y0 = 2, x1 = -1, y1 = -1;
};
Box box_of(const GraphLayout& layout, const std::vector<std::size_t>& nodes) {
  Box b;
  for (std::size_t i : nodes) {
    b.x0 = std::min(b.x0, layout.positions[i].x);
    b.y0 = std::min(b.y0, layout.positions[i].y);
    b.x1 = std::max(b.x1, layout.positions[i].x);
    b.y1 = std::max(b.y1, layout.positions[i].y);
  }
  return b;
}
bool overlap(const Box& a, const Box& b) {
  return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

std::size_t rightwards(const GraphLayout& layout, const std::vector<LayoutEdge>& edges) {
  std::size_t count = 0;
  for (const auto& [from, to] : edges) {
    count += layout.positions[from].x < layout.positions[to].x ? 1 : 0;
  }
  return count;
}

}  // namespace

TEST_CASE("graph layout is deterministic", "[viewer][layout]") {
  CHECK(same(layout_graph(kShopSize, kShopEdges), layout_graph(kShopSize, kShopEdges)));
  const auto edges = fifty_edges();
  CHECK(same(layout_graph(50, edges), layout_graph(50, edges)));
}

TEST_CASE("graph layout of the shop is inside the unit square with nodes apart",
          "[viewer][layout]") {
  const GraphLayout layout = layout_graph(kShopSize, kShopEdges);
  REQUIRE(layout.positions.size() == kShopSize);
  require_inside(layout, 0.05f);
  CHECK(min_distance(layout) > 0.05f);
  CHECK(layout.aspect > 0);
}

TEST_CASE("graph layout of the shop has calls flowing left to right", "[viewer][layout]") {
  const GraphLayout layout = layout_graph(kShopSize, kShopEdges);
  const auto x = [&](std::size_t i) { return layout.positions[i].x; };
  CHECK(x(kFrontend) < x(kDb));
  CHECK(x(kFrontend) < x(kCheckout));
  CHECK(x(kCheckout) < x(kPayments));
  CHECK(rightwards(layout, kShopEdges) == kShopEdges.size());
}

TEST_CASE("graph layout of 50 services has calls flowing left to right", "[viewer][layout]") {
  const auto edges = fifty_edges();
  CHECK(rightwards(layout_graph(50, edges), edges) * 10 >= edges.size() * 9);
}

TEST_CASE("graph layout of 50 services is inside the unit square with nodes apart",
          "[viewer][layout]") {
  const GraphLayout layout = layout_graph(50, fifty_edges(), 0.1f);
  REQUIRE(layout.positions.size() == 50);
  require_inside(layout, 0.1f);
  CHECK(min_distance(layout) > 0.02f);
}

TEST_CASE("graph layout of a chain is a left to right line", "[viewer][layout]") {
  const GraphLayout layout = layout_graph(4, {{2, 3}, {0, 1}, {1, 2}});
  for (std::size_t i = 0; i + 1 < 4; ++i) {
    CHECK(layout.positions[i].x < layout.positions[i + 1].x);
  }
  CHECK(layout.aspect > 2);
}

TEST_CASE("graph layout of no nodes is empty", "[viewer][layout]") {
  const GraphLayout layout = layout_graph(0, {});
  CHECK(layout.positions.empty());
  CHECK(layout.aspect > 0);
}

TEST_CASE("graph layout of one node puts it in the middle", "[viewer][layout]") {
  const GraphLayout layout = layout_graph(1, {{0, 0}});
  REQUIRE(layout.positions.size() == 1);
  CHECK(layout.positions[0].x == Approx(0.5f));
  CHECK(layout.positions[0].y == Approx(0.5f));
}

TEST_CASE("graph layout of two nodes puts the caller left", "[viewer][layout]") {
  const GraphLayout layout = layout_graph(2, {{1, 0}});
  REQUIRE(layout.positions.size() == 2);
  CHECK(layout.positions[1].x < layout.positions[0].x);
  CHECK(layout.positions[0].y == Approx(layout.positions[1].y));
  require_inside(layout, 0.05f);
}

TEST_CASE("graph layout ignores duplicate edges and self loops", "[viewer][layout]") {
  const std::vector<LayoutEdge> plain = {{0, 1}, {1, 2}, {0, 3}, {3, 2}};
  const std::vector<LayoutEdge> noisy = {{0, 1}, {1, 1}, {0, 1}, {1, 2},
                                         {0, 3}, {3, 2}, {2, 2}, {1, 2}};
  CHECK(same(layout_graph(4, plain), layout_graph(4, noisy)));
}

TEST_CASE("graph layout handles a cycle", "[viewer][layout]") {
  const GraphLayout layout = layout_graph(3, {{0, 1}, {1, 2}, {2, 0}});
  REQUIRE(layout.positions.size() == 3);
  require_inside(layout, 0.05f);
  CHECK(min_distance(layout) > 0.1f);
}

TEST_CASE("graph layout keeps disconnected components apart", "[viewer][layout]") {
  // Two triangles with a tail, a pair, and two loners.
  const std::vector<LayoutEdge> edges = {{0, 1}, {1, 2}, {2, 0}, {2, 3},
                                         {4, 5}, {5, 6}, {6, 4}, {7, 8}};
  const GraphLayout layout = layout_graph(11, edges);
  REQUIRE(layout.positions.size() == 11);
  require_inside(layout, 0.05f);
  CHECK(min_distance(layout) > 0.05f);
  const std::vector<std::vector<std::size_t>> components = {
      {0, 1, 2, 3}, {4, 5, 6}, {7, 8}, {9}, {10}};
  for (std::size_t a = 0; a < components.size(); ++a) {
    for (std::size_t b = a + 1; b < components.size(); ++b) {
      INFO("components " << a << " and " << b);
      CHECK_FALSE(overlap(box_of(layout, components[a]), box_of(layout, components[b])));
    }
  }
}

TEST_CASE("graph layout packs many loners in rows, not one line", "[viewer][layout]") {
  const GraphLayout layout = layout_graph(20, {});
  REQUIRE(layout.positions.size() == 20);
  require_inside(layout, 0.05f);
  CHECK(min_distance(layout) > 0.05f);
  std::vector<float> ys;
  for (const LayoutPoint& p : layout.positions) ys.push_back(p.y);
  std::sort(ys.begin(), ys.end());
  CHECK(std::unique(ys.begin(), ys.end()) - ys.begin() >= 3);
  CHECK(layout.aspect > 1);
  CHECK(layout.aspect < 3);
}

TEST_CASE("graph layout honours its margin", "[viewer][layout]") {
  require_inside(layout_graph(kShopSize, kShopEdges, 0.2f), 0.2f);
  require_inside(layout_graph(kShopSize, kShopEdges, 0.0f), 0.0f);
}

TEST_CASE("graph layout refuses an edge beyond its nodes", "[viewer][layout]") {
  CHECK_THROWS_AS(layout_graph(3, {{0, 3}}), std::invalid_argument);
}

}  // namespace firedrill::viewer
