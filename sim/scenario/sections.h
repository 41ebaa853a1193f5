// Readers for the sections of a scenario file that stand alone (a service, a
// traffic entry). They check everything that needs no other section; the
// loader resolves names across sections afterwards. Internal to sim/scenario.
#pragma once

#include <cstddef>
#include <filesystem>
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

// Reads `teams:` into scenario.teams (sim/scenario/team_section.cpp): people,
// schedules and escalation policies. Returns whether the teams are known:
// read, or absent on purpose (not misspelt), so that references to teams
// can be checked.
bool read_teams(YamlMap& top, Scenario& scenario);

// Reads `routing:` into scenario.routing (sim/scenario/routing_section.cpp):
// Alertmanager's configuration inline, or a file of the scenario's folder
// named by it. Needs the teams read first (`teams_known` as read_teams
// returned): receivers map to teams. Returns the file read, if any, for the
// recording; problems go to top's reader, the file's at the file's lines.
// `text` is the scenario file's text (to place errors inside matcher strings).
std::optional<ScriptSource> read_routing(YamlMap& top, std::string_view text, bool teams_known,
                                         Scenario& scenario);

// Reads `incident:` into scenario.incident (sim/scenario/incident_section.cpp):
// the incident's ground truth. Needs services and teams read and resolved
// (`teams_known` as read_teams returned).
void read_incident(YamlMap& top, Scenario& scenario, bool teams_known);

// Reads the file a scenario key names, relative to `folder` (the scenario's
// folder, nothing outside it). Reports a missing or unreadable file at the
// key's value. `example` names the kind of file in messages: "a Lua file,
// e.g. faults.lua".
std::optional<ScriptSource> read_script(YamlMap& top, std::string_view key,
                                        const std::filesystem::path& folder,
                                        std::string_view example = "a Lua file, e.g. faults.lua");

}  // namespace firedrill
