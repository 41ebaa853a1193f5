// Reading scenario files. The one place YAML is parsed into a Scenario.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.h"

namespace firedrill {

// Loads and validates a scenario. `path` is a scenario folder (holding
// scenario.yaml) or a YAML file. Throws InputError listing every problem
// found, each with file:line:column and what was expected.
Scenario load_scenario(const std::string& path);

// Loads a scenario from YAML text; `file_name` is used in messages and as the
// base for relative paths.
Scenario load_scenario_text(std::string_view yaml, const std::string& file_name);

// Loads the scenario a recording ran from the files it recorded (sources[0] is
// the YAML, the rest are the files it names), without touching the disk: the
// result equals what load_scenario gave when the run was recorded (the same
// sources, in the same order), except that locations name the recording.
// `recording_path` names the recording in messages: "run.fdrec: scenario.yaml:12:3: ...".
// A file the YAML names that the recording lacks is an error at its key
// ("the recording has no 'faults.lua'"). Throws InputError like load_scenario.
//
// A team's rule files that `run --rules` recorded among the sources (see
// recorded_rule_file) replace the scenario's alert rules, as they did in
// the run; the result's sources are all of `sources`, so its scenario_hash
// is the recording's.
Scenario load_recorded_scenario(const std::vector<ScenarioSource>& sources,
                                const std::string& recording_path);

// `run --rules FILE` records each rule file among the scenario's sources,
// after the scenario's own files, named "--rules <file name>": it changed
// the run, so a replay must apply it again.
ScenarioSource recorded_rule_file(const std::string& file_name, std::string text);

// The rule file's name if `source` is one recorded by recorded_rule_file.
std::optional<std::string> recorded_rule_file_name(const ScenarioSource& source);

}  // namespace firedrill
