#include "sim/routing/route_tree.h"

namespace firedrill {
namespace {

// Appends the matches under `route`; returns whether `route` matched at all.
bool collect(const RouteSpec& route, const Labels& labels, std::vector<const RouteSpec*>& out) {
  if (!matches_all(route.matchers, labels)) return false;
  const std::size_t before = out.size();
  for (const RouteSpec& child : route.routes) {
    if (collect(child, labels, out) && !child.continue_matching) break;
  }
  if (out.size() == before) out.push_back(&route);
  return true;
}

}  // namespace

std::vector<const RouteSpec*> match_routes(const RouteSpec& root, const Labels& labels) {
  std::vector<const RouteSpec*> out;
  collect(root, labels, out);
  return out;
}

const RouteSpec* find_route(const RouteSpec& root, std::string_view path) {
  if (path == root.path) return &root;
  for (const RouteSpec& child : root.routes) {
    if (path.starts_with(child.path) &&
        (path.size() == child.path.size() || path[child.path.size()] == '/')) {
      return find_route(child, path);
    }
  }
  return nullptr;
}

}  // namespace firedrill
