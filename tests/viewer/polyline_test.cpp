// simplify_polyline: straight runs collapse, corners and ends stay, and no
// dropped point is further than the tolerance from what is drawn.
#include "viewer/layout/polyline.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

namespace firedrill::viewer {
namespace {

struct P {
  float x = 0;
  float y = 0;
};

// The largest distance from a point of `original` to the polyline `kept`.
float worst_deviation(const std::vector<P>& original, const std::vector<P>& kept) {
  float worst = 0;
  for (const P& p : original) {
    float best = INFINITY;
    for (std::size_t i = 0; i + 1 < kept.size(); ++i) {
      best = std::min(best, distance_to_segment(p, kept[i], kept[i + 1]));
    }
    worst = std::max(worst, best);
  }
  return worst;
}

TEST_CASE("distance_to_segment: to the segment, its ends, and a point-like segment") {
  CHECK(distance_to_segment(P{5, 3}, P{0, 0}, P{10, 0}) == Approx(3));
  CHECK(distance_to_segment(P{-3, 4}, P{0, 0}, P{10, 0}) == Approx(5));  // beyond an end
  CHECK(distance_to_segment(P{13, 4}, P{0, 0}, P{10, 0}) == Approx(5));
  CHECK(distance_to_segment(P{3, 4}, P{0, 0}, P{0, 0}) == Approx(5));
}

TEST_CASE("simplify_polyline: a straight line keeps its ends only, within the run cap") {
  std::vector<P> line;
  for (int i = 0; i < 40; ++i) line.push_back({static_cast<float>(i), 100 - 2.5f * i});
  simplify_polyline(line, 0.5f);
  REQUIRE(line.size() == 2);
  CHECK(line[0].x == 0);
  CHECK(line[1].x == 39);

  std::vector<P> flat(200, P{});
  for (int i = 0; i < 200; ++i) flat[static_cast<std::size_t>(i)].x = static_cast<float>(i);
  simplify_polyline(flat, 0.5f, 48);
  // 199 segments of one pixel, at most 48 to a run: 5 runs.
  CHECK(flat.size() == 6);
  CHECK(flat.back().x == 199);
}

TEST_CASE("simplify_polyline: a corner and a spike are kept") {
  std::vector<P> corner = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 1}, {5, 2}, {6, 3}};
  simplify_polyline(corner, 0.5f);
  REQUIRE(corner.size() == 3);
  CHECK(corner[1].x == 3);

  std::vector<P> spike = {{0, 50}, {1, 50}, {2, 10}, {3, 50}, {4, 50}};
  simplify_polyline(spike, 0.5f);
  REQUIRE(spike.size() == 5);  // the spike's both feet and its tip
}

TEST_CASE("simplify_polyline: short lines are untouched") {
  std::vector<P> none, one = {{1, 2}}, two = {{1, 2}, {3, 4}};
  simplify_polyline(none, 0.5f);
  simplify_polyline(one, 0.5f);
  simplify_polyline(two, 0.5f);
  CHECK(none.empty());
  CHECK(one.size() == 1);
  CHECK(two.size() == 2);
}

TEST_CASE("simplify_polyline: noise stays within the tolerance of what is drawn") {
  // A noisy series as TimePlot makes it: a point per pixel column, and
  // columns holding a min and a max at the same x.
  std::vector<P> noisy;
  std::uint32_t state = 12345;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return static_cast<float>(state >> 8) / static_cast<float>(1u << 24);
  };
  for (int c = 0; c < 600; ++c) {
    const float base = 80 + 30 * std::sin(static_cast<float>(c) / 40);
    noisy.push_back({static_cast<float>(c), base + 3 * next()});
    if (c % 3 == 0) noisy.push_back({static_cast<float>(c), base - 2 * next()});
  }
  for (float tolerance : {0.25f, 0.5f, 2.0f}) {
    std::vector<P> kept = noisy;
    simplify_polyline(kept, tolerance);
    CHECK(kept.size() < noisy.size());
    CHECK(kept.front().x == noisy.front().x);
    CHECK(kept.back().x == noisy.back().x);
    CHECK(kept.back().y == noisy.back().y);
    CHECK(worst_deviation(noisy, kept) <= tolerance + 1e-4f);
  }
}

}  // namespace
}  // namespace firedrill::viewer
