// The pieces the Alertmanager configuration reader is built from: matcher
// lists and maps, Prometheus durations, label name lists, the route tree and
// the receivers. Internal to sim/routing (routing_reader.cpp puts them
// together).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/paging/oncall_spec.h"
#include "sim/routing/routing_spec.h"
#include "sim/scenario/yaml_reader.h"

namespace firedrill::routing_config {

// What every part of the reader needs: where problems go, and the source
// text the document was parsed from ("" if unknown: errors inside a matcher
// string are then placed at the string's start).
struct Context {
  YamlReader& reader;
  std::string_view text;
};

// A name used somewhere (a route's receiver, a time interval), checked once
// everything is read.
struct NameUse {
  std::string name;
  SourceLocation where;
};

// ---- values (config_reading.cpp) ----

// `key:` as a list of matcher strings (each one or more comma-separated
// matchers), appended to `out`. Null reads as empty. Returns false if any
// problem was reported.
bool read_matcher_list(Context& ctx, YamlMap& map, std::string_view key, LabelMatchers& out);

// `key:` as the old map form, label name -> value (`match:`, op kEqual) or
// label name -> regex (`match_re:`, op kRegex, anchored as Alertmanager holds
// it), appended to `out`.
void read_match_map(Context& ctx, YamlMap& map, std::string_view key, LabelMatcher::Op op,
                    LabelMatchers& out);

// `key:` as a list of label names ([a-zA-Z_][a-zA-Z0-9_]*); each name with
// where it is. `allow_all` accepts "..." (group_by) as a name. Null reads as
// empty; returns nullopt if it is not a list.
std::optional<std::vector<NameUse>> read_label_names(Context& ctx, YamlMap& map,
                                                     std::string_view key, bool allow_all);

// `key:` as a list of plain strings (time interval names); nullopt if absent
// or not a list.
std::optional<std::vector<NameUse>> read_string_list(Context& ctx, YamlMap& map,
                                                     std::string_view key);

// ---- the route tree (route_reader.cpp) ----

// What the routes refer to, for checks against the rest of the file.
struct RouteReferences {
  std::vector<NameUse> receivers;
  std::vector<NameUse> time_intervals;
};

// Reads the root route (the value of `route:`) and its children, each with
// its effective options and its path. Returns false if it is not a map.
bool read_route_tree(Context& ctx, const YAML::Node& node, RouteSpec& root,
                     RouteReferences& references);

// ---- receivers (receiver_reader.cpp) ----

// Reads `receivers:` of `top`. `teams`: the scenario's, for `team:` and for
// receivers named like a team; null outside a scenario (team names are then
// not checked and nobody is paged). Returns false if `receivers` is not a
// list (then names used by routes cannot be checked).
bool read_receivers(Context& ctx, YamlMap& top, const std::vector<TeamSpec>* teams,
                    std::vector<ReceiverSpec>& out);

}  // namespace firedrill::routing_config
