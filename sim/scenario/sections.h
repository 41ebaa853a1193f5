// Readers for the sections of a scenario file that stand alone (a service, a
// traffic entry). They check everything that needs no other section; the
// loader resolves names across sections afterwards. Internal to sim/scenario.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.h"
#include "sim/scenario/yaml_reader.h"

namespace firedrill {

// A service as read, with where its references to other sections are.
struct ServiceDraft {
  ServiceSpec spec;
  std::optional<SourceLocation> team_at;             // the `team` value, if given and valid
  std::vector<std::optional<SourceLocation>> to_at;  // per call: the `to` value, if valid
};

// A traffic entry as read, with where its references are.
struct TrafficDraft {
  TrafficSpec spec;
  std::optional<SourceLocation> entry_at;       // the `entry` value, if given and valid
  std::optional<SourceLocation> ramp_start_at;  // the ramp's `start` value, if given and valid
};

// Whether `name` is a valid name: [a-z0-9][a-z0-9-]* and, if `allow_underscore`
// (services and teams), '_' after the first character too.
bool is_valid_name(std::string_view name, bool allow_underscore);

// Reads one entry of `services:` (its key is the service name).
ServiceDraft read_service(YamlReader& reader, const YamlField& field);

// Reads one item of `traffic:`; `number` is its 1-based position.
TrafficDraft read_traffic(YamlReader& reader, const YAML::Node& item, std::size_t number);

}  // namespace firedrill
