#include "cli/scenario_check.h"

#include "scripting/fault_script.h"
#include "scripting/responder_script.h"

namespace firedrill::cli {

std::vector<Diagnostic> check_scenario_scripts(const Scenario& scenario) {
  std::vector<Diagnostic> problems = check_fault_script(scenario);
  for (Diagnostic& d : check_responder_script(scenario)) problems.push_back(std::move(d));
  return problems;
}

}  // namespace firedrill::cli
