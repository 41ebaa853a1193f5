// Fewer points for a plot's polyline where the eye cannot tell: the geometry
// behind TimePlot, without ImGui so that it is unit-tested on its own.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace firedrill::viewer {

// The distance from `p` to the segment from `a` to `b` (any type with float
// members x and y).
template <class Point>
float distance_to_segment(const Point& p, const Point& a, const Point& b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  const float f =
      len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0f, 1.0f) : 0.0f;
  return std::hypot(p.x - (a.x + f * dx), p.y - (a.y + f * dy));
}

// Drops, in place, the points of the polyline pts[0..n) that lie within
// `tolerance` (pixels) of the chord between the points kept either side of
// them, so that a steady value or a linear leak is a few long segments
// rather than one per pixel column; returns how many are kept, at the
// front. The first and last points are always kept, and every dropped
// point is within `tolerance` of the result.
//
// Why: a software rasterizer's cost is mostly the 4x4 pixel blocks each
// triangle touches, and a line or fill of pixel-long segments touches the
// most. Greedy, left to right; a run is capped at `max_run` points so that
// the cost stays linear in the number of points.
template <class Point>
std::size_t simplify_polyline(Point* pts, std::size_t n, float tolerance,
                              std::size_t max_run = 48) {
  if (n < 3) return n;
  // The kept points are written to the front, never past the point being
  // examined, so the points still to be read are intact.
  std::size_t kept = 0;
  std::size_t anchor = 0;  // the index of the last point kept
  Point anchor_point = pts[0];
  for (std::size_t i = 2; i < n; ++i) {
    bool near = i - anchor <= max_run;
    for (std::size_t j = anchor + 1; near && j < i; ++j) {
      near = distance_to_segment(pts[j], anchor_point, pts[i]) <= tolerance;
    }
    if (!near) {
      anchor = i - 1;
      anchor_point = pts[anchor];
      pts[++kept] = anchor_point;
    }
  }
  pts[++kept] = pts[n - 1];
  return kept + 1;
}

// The same on a whole vector, resized to the points kept.
template <class Point>
void simplify_polyline(std::vector<Point>& pts, float tolerance, std::size_t max_run = 48) {
  pts.resize(simplify_polyline(pts.data(), pts.size(), tolerance, max_run));
}

}  // namespace firedrill::viewer
