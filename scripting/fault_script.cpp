#include "scripting/fault_script.h"

#include "scripting/script_host.h"

namespace firedrill {

namespace scripting {

ScriptApi fault_api() {
  ScriptApi api;
  api.install = &install_fault_api;
  return api;
}

}  // namespace scripting

struct FaultScript::State {
  scripting::ScriptHost host;
  State(Simulation& sim, const Scenario& scenario, const ScriptSource& script, std::uint64_t seed,
        ScriptOptions options)
      : host(sim, scenario, script, seed, std::move(options)) {}
};

FaultScript::FaultScript(Simulation& sim, const Scenario& scenario, const ScriptSource& script,
                         std::uint64_t seed, ScriptOptions options)
    : state_(std::make_unique<State>(sim, scenario, script, seed, std::move(options))) {}

FaultScript::~FaultScript() = default;

void FaultScript::start() {
  state_->host.start();
}

const std::string& FaultScript::failure() const {
  return state_->host.sandbox.failure();
}

std::size_t FaultScript::memory_in_use() const {
  return state_->host.sandbox.memory_in_use();
}

std::vector<Diagnostic> check_fault_script(const Scenario& scenario) {
  if (!scenario.faults) return {};
  try {
    Simulation sim(scenario, scenario.seed);
    FaultScript fault_script(sim, scenario, *scenario.faults, scenario.seed);
    fault_script.start();
  } catch (const ScriptError& e) {
    return {scripting::diagnose_script_error(*scenario.faults, e.what())};
  }
  return {};
}

}  // namespace firedrill
