// Reading the route tree: each route's matchers and options, children
// inheriting receiver, grouping and timing from their parent, with the
// checks of Alertmanager 0.25's config.Load.
#include <algorithm>
#include <map>

#include "sim/promql/parser.h"
#include "sim/routing/config_reading.h"

namespace firedrill::routing_config {
namespace {

const std::vector<std::string> kRouteKeys = {"receiver",
                                             "group_by",
                                             "continue",
                                             "matchers",
                                             "match",
                                             "match_re",
                                             "group_wait",
                                             "group_interval",
                                             "repeat_interval",
                                             "routes",
                                             "mute_time_intervals",
                                             "active_time_intervals"};

std::string route_name(const std::string& path) {
  return path == "0" ? "the root route" : "route " + path;
}

void read_group_by(Context& ctx, YamlMap& map, RouteSpec& route) {
  std::optional<std::vector<NameUse>> names =
      read_label_names(ctx, map, "group_by", /*allow_all=*/true);
  if (!names || names->empty()) return;  // absent or empty: inherited
  std::vector<std::string> labels;
  std::map<std::string, int> seen;
  const NameUse* all = nullptr;
  for (const NameUse& n : *names) {
    if (n.name == "...") {
      all = &n;
      continue;
    }
    if (auto [first, inserted] = seen.emplace(n.name, n.where.line); !inserted) {
      ctx.reader.error(n.where, "duplicated label '" + n.name +
                                    "' in 'group_by' (first given at "
                                    "line " +
                                    std::to_string(first->second) + ")");
      continue;
    }
    labels.push_back(n.name);
  }
  if (all != nullptr && !seen.empty()) {
    ctx.reader.error(all->where,
                     "'...' in 'group_by' groups by every label: it must be the only element");
    return;
  }
  if (all != nullptr) {
    route.group_by_all = true;
    route.group_by.clear();
    return;
  }
  std::sort(labels.begin(), labels.end());
  route.group_by = std::move(labels);
  route.group_by_all = false;
}

void read_timing(Context& ctx, YamlMap& map, RouteSpec& route) {
  map.read_prometheus_duration("group_wait", route.group_wait);
  for (const char* key : {"group_interval", "repeat_interval"}) {
    SimTime value = 0;
    if (!map.read_prometheus_duration(key, value)) continue;
    if (value == 0) {
      ctx.reader.error(map.value_at(key), "'" + std::string(key) + "' must not be zero");
      continue;
    }
    (std::string_view(key) == "group_interval" ? route.group_interval : route.repeat_interval) =
        value;
  }
}

// Time intervals are accepted but not simulated: a warning, and the names
// are checked against the file's definitions.
void read_time_interval_names(Context& ctx, YamlMap& map, bool root, RouteReferences& references) {
  for (const char* key : {"mute_time_intervals", "active_time_intervals"}) {
    if (!map.has(key)) continue;
    const bool mute = std::string_view(key) == "mute_time_intervals";
    std::optional<std::vector<NameUse>> names = read_string_list(ctx, map, key);
    if (root) {
      if (names && !names->empty()) {
        ctx.reader.error(map.key_at(key), "the root route must not have '" + std::string(key) +
                                              "' (it receives every alert)");
      }
      continue;
    }
    ctx.reader.warning(map.key_at(key), "'" + std::string(key) +
                                            "': time intervals are not supported: this route is " +
                                            (mute ? "never muted" : "always active"));
    if (names) {
      for (NameUse& n : *names) references.time_intervals.push_back(std::move(n));
    }
  }
}

void read_matchers(Context& ctx, YamlMap& map, bool root, RouteSpec& route) {
  read_match_map(ctx, map, "match", LabelMatcher::Op::kEqual, route.matchers);
  read_match_map(ctx, map, "match_re", LabelMatcher::Op::kRegex, route.matchers);
  read_matcher_list(ctx, map, "matchers", route.matchers);
  sort_matchers(route.matchers);
  if (root && !route.matchers.empty()) {
    for (const char* key : {"matchers", "match", "match_re"}) {
      if (!map.has(key)) continue;
      ctx.reader.error(map.key_at(key),
                       "the root route must not have matchers ('" + std::string(key) +
                           "'): it receives every alert (put matchers on its child routes)");
      break;
    }
  }
}

// Reads one route; `parent` is null for the root.
bool read_route(Context& ctx, const YAML::Node& node, const RouteSpec* parent,
                const std::string& path, RouteSpec& route, RouteReferences& references) {
  const bool root = parent == nullptr;
  if (!node.IsMap()) {
    ctx.reader.error(ctx.reader.at(node),
                     "expected a route (a map with keys like receiver, matchers and routes) for " +
                         route_name(path) + ", got " + describe(node));
    return false;
  }
  if (parent != nullptr) {
    route.receiver = parent->receiver;
    route.group_by = parent->group_by;
    route.group_by_all = parent->group_by_all;
    route.group_wait = parent->group_wait;
    route.group_interval = parent->group_interval;
    route.repeat_interval = parent->repeat_interval;
  }
  route.path = path;
  route.where = ctx.reader.at(node);
  YamlMap map(ctx.reader, node, route_name(path), kRouteKeys);

  std::string receiver;
  const bool has_receiver = map.read_string("receiver", receiver);
  if (has_receiver && !receiver.empty()) {
    route.receiver = receiver;
    references.receivers.push_back(NameUse{receiver, map.value_at("receiver")});
  }
  if (root && receiver.empty()) {
    if (has_receiver) {
      ctx.reader.error(map.value_at("receiver"), "the root route's 'receiver' must not be empty");
    } else if (!map.has("receiver")) {
      map.require("receiver", " (the root route needs a default receiver)");
    }
  }
  read_group_by(ctx, map, route);
  if (map.read_bool("continue", route.continue_matching) && root && route.continue_matching) {
    ctx.reader.error(map.key_at("continue"),
                     "the root route must not have 'continue: true' (it has no siblings)");
  }
  read_matchers(ctx, map, root, route);
  read_timing(ctx, map, route);
  read_time_interval_names(ctx, map, root, references);

  const YamlField* routes = map.find("routes");
  if (routes == nullptr || routes->value.IsNull()) return true;
  std::optional<YAML::Node> children = map.read_list("routes");
  if (!children) return true;
  int index = 0;
  for (const YAML::Node& child_node : *children) {
    RouteSpec child;
    if (read_route(ctx, child_node, &route, path + "/" + std::to_string(index), child,
                   references)) {
      route.routes.push_back(std::move(child));
    }
    ++index;
  }
  return true;
}

}  // namespace

bool read_route_tree(Context& ctx, const YAML::Node& node, RouteSpec& root,
                     RouteReferences& references) {
  return read_route(ctx, node, nullptr, "0", root, references);
}

}  // namespace firedrill::routing_config
