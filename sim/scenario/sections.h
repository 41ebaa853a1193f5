// Readers for the sections of a scenario file that stand alone (a service, a
// traffic entry). They check everything that needs no other section; the
// loader resolves names across sections afterwards. Internal to sim/scenario.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

// Where the files a scenario names (`faults:`, `alerts:`, ...) are read
// from: the scenario's folder on disk, or the files a recording kept.
class ScenarioFiles {
 public:
  // The files of `folder`, the scenario's folder ("" = the current folder).
  explicit ScenarioFiles(std::filesystem::path folder) : folder_(std::move(folder)) {}
  // The files of a recording, by the relative path they were read by;
  // `recording` names the recording in messages. `sources` must outlive this.
  ScenarioFiles(const std::vector<ScenarioSource>& sources, std::string recording)
      : sources_(&sources), recording_(std::move(recording)) {}

  // Whether the files come from a recording.
  bool recorded() const { return sources_ != nullptr; }
  // The recorded file at `path`, exactly as named, or null (recorded() only).
  const ScenarioSource* find(std::string_view path) const;
  // The scenario's folder (not recorded()).
  const std::filesystem::path& folder() const { return folder_; }
  // How file `path` (relative, as the scenario names it) is named in
  // messages: "shop/alerts.yml", or "run.fdrec: alerts.yml" for a recording.
  std::string display(std::string_view path) const;

 private:
  std::filesystem::path folder_;
  const std::vector<ScenarioSource>* sources_ = nullptr;
  std::string recording_;
};

// Reads `routing:` into scenario.routing (sim/scenario/routing_section.cpp):
// Alertmanager's configuration inline, or a file of the scenario's folder
// named by it. Needs the teams read first (`teams_known` as read_teams
// returned): receivers map to teams. Returns the file read, if any, for the
// recording; problems go to top's reader, the file's at the file's lines.
// `text` is the scenario file's text (to place errors inside matcher strings).
std::optional<ScriptSource> read_routing(YamlMap& top, std::string_view text, bool teams_known,
                                         const ScenarioFiles& files, Scenario& scenario);

// Whether `name` is a service of the scenario; if not, reports "unknown
// service 'name' in <context>" at `where` with a did-you-mean.
bool check_service(YamlReader& reader, const Scenario& scenario, const std::string& name,
                   const SourceLocation& where, std::string_view context);

// Reads one mitigation of a list like `incident: fixes:` (`text` as written
// after `mitigate`: "rollback checkout", at `where`). `list` names the list
// in messages ("fixes"). Checks the service only if `services_known`.
// Reports a problem and returns nullopt if it is not a valid mitigation.
std::optional<FixSpec> read_fix(YamlReader& reader, const std::string& text,
                                const SourceLocation& where, std::string_view list,
                                const Scenario& scenario, bool services_known);

// Reads `incident:` into scenario.incident (sim/scenario/incident_section.cpp):
// the incident's ground truth. Needs services and teams read and resolved
// (`services_known` and `teams_known`: whether they could be read, so that
// names can be checked).
void read_incident(YamlMap& top, Scenario& scenario, bool services_known, bool teams_known);

// Reads `scoring:` into scenario.scoring (sim/scenario/scoring_section.cpp),
// or sets its defaults when absent: resolves the SLO's service either way.
// Needs services and traffic read and resolved.
void read_scoring(YamlMap& top, Scenario& scenario, bool services_known);

// Reads the file a scenario key names, relative to the scenario's folder
// (nothing outside it), from `files`. Reports a missing or unreadable file at
// the key's value. `example` names the kind of file in messages: "a Lua file,
// e.g. faults.lua".
std::optional<ScriptSource> read_script(YamlMap& top, std::string_view key,
                                        const ScenarioFiles& files,
                                        std::string_view example = "a Lua file, e.g. faults.lua");

}  // namespace firedrill
