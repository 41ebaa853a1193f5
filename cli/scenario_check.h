// What `firedrill validate` checks beyond loading a scenario, shared with
// `firedrill test`: its fault script and responder bot compile and run their
// top levels without error.
#pragma once

#include <vector>

#include "sim/base/input_error.h"
#include "sim/scenario/scenario.h"

namespace firedrill::cli {

// Every problem of the scenario's scripts (none: they are fine).
std::vector<Diagnostic> check_scenario_scripts(const Scenario& scenario);

}  // namespace firedrill::cli
