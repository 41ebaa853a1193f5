// Reading scenario files. The one place YAML is parsed into a Scenario.
#pragma once

#include <string>
#include <string_view>

#include "sim/scenario/scenario.h"

namespace firedrill {

// Loads and validates a scenario. `path` is a scenario folder (holding
// scenario.yaml) or a YAML file. Throws InputError listing every problem
// found, each with file:line:column and what was expected.
Scenario load_scenario(const std::string& path);

// Loads a scenario from YAML text; `file_name` is used in messages and as the
// base for relative paths.
Scenario load_scenario_text(std::string_view yaml, const std::string& file_name);

}  // namespace firedrill
