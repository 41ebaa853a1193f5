// Reading an Alertmanager configuration, with firedrill's extensions, from
// YAML: the one reader behind the scenario's `routing:` key (inline or a file)
// and `firedrill routes FILE`. docs/paging.md describes the format.
//
// Like the scenario loader, it never throws for bad input: every problem is
// recorded in the YamlReader at its file:line:column, and what Alertmanager
// does that firedrill does not simulate (e-mail delivery, templates, time
// intervals) is recorded there as a warning.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/paging/oncall_spec.h"
#include "sim/routing/routing_spec.h"

namespace firedrill {

class YamlReader;  // sim/scenario/yaml_reader.h

// Reads the configuration `node` (a map with route, receivers, ...).
// `text` is the source the node was parsed from, used to place errors inside
// matcher strings at their column ("" if unknown: at the string's start).
// `teams` are the scenario's, which receivers map to (`team:`, or a team
// named like the receiver); null outside a scenario: `team:` is then taken
// as written and nobody is paged. Returns nullopt if `node` is not a map;
// otherwise what could be read (complete only if nothing was reported).
std::optional<RoutingSpec> read_routing_config(YamlReader& reader, const YAML::Node& node,
                                               std::string_view text,
                                               const std::vector<TeamSpec>* teams);

// Parses `text` as a YAML document holding a configuration and reads it as
// read_routing_config does; malformed YAML, an empty file or several
// documents are reported into `reader` too.
std::optional<RoutingSpec> read_routing_text(YamlReader& reader, std::string_view text,
                                             const std::vector<TeamSpec>* teams);

}  // namespace firedrill
