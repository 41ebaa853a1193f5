// Reading scenario files. The one place YAML is parsed into a Scenario.
#pragma once

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
Scenario load_recorded_scenario(const std::vector<ScenarioSource>& sources,
                                const std::string& recording_path);

}  // namespace firedrill
