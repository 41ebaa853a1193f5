// Finding the routes of the route tree that an alert goes to, as
// Alertmanager's dispatcher does (dispatch/route.go, Route.Match).
#pragma once

#include <string_view>
#include <vector>

#include "sim/metrics/metric_store.h"
#include "sim/routing/routing_spec.h"

namespace firedrill {

// The routes an alert with `labels` is sent to, in tree order: a depth-first
// search from `root` (whose matchers must match, else the result is empty).
// Among siblings, the first child that matches ends the search unless it has
// `continue: true`; a node none of whose children match is itself a match.
std::vector<const RouteSpec*> match_routes(const RouteSpec& root, const Labels& labels);

// The route at `path` ("0", "0/2/1") under `root` (whose path is "0"), or null.
const RouteSpec* find_route(const RouteSpec& root, std::string_view path);

}  // namespace firedrill
