#include "scripting/responder_script.h"

#include "scripting/responder_host.h"

namespace firedrill {

struct ResponderScript::State {
  scripting::ResponderHost host;
  State(Simulation& sim, const Scenario& scenario, const ScriptSource& script, std::uint64_t seed,
        std::string actor, std::function<void(Action)> submit, ScriptOptions options)
      : host(sim, scenario, script, seed, std::move(options), std::move(actor), std::move(submit)) {
  }
};

ResponderScript::ResponderScript(Simulation& sim, const Scenario& scenario,
                                 const ScriptSource& script, std::uint64_t seed, std::string actor,
                                 std::function<void(Action)> submit, ScriptOptions options)
    : state_(std::make_unique<State>(sim, scenario, script, seed, std::move(actor),
                                     std::move(submit), std::move(options))) {}

ResponderScript::~ResponderScript() = default;

void ResponderScript::start() {
  state_->host.start();
}

const std::string& ResponderScript::failure() const {
  return state_->host.sandbox.failure();
}

std::size_t ResponderScript::memory_in_use() const {
  return state_->host.sandbox.memory_in_use();
}

const std::string& ResponderScript::actor() const {
  return state_->host.actor;
}

std::vector<Diagnostic> check_responder_script(const Scenario& scenario) {
  if (!scenario.responder) return {};
  try {
    Simulation sim(scenario, scenario.seed);
    // Actions taken at the top level are parsed (a malformed one is an
    // error) and dropped: nothing runs.
    ResponderScript bot(sim, scenario, *scenario.responder, scenario.seed, "responder",
                        [](const Action&) {});
    bot.start();
  } catch (const ScriptError& e) {
    return {scripting::diagnose_script_error(*scenario.responder, e.what())};
  }
  return {};
}

}  // namespace firedrill
