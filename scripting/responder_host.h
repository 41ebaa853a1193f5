// Internal to scripting/: the ScriptHost of a responder bot, with what its
// API needs besides the simulation: who acts and where actions go.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "scripting/script_host.h"
#include "sim/alerting/rule_evaluator.h"
#include "sim/response/action.h"

namespace firedrill::scripting {

// The responder API (responder_api.cpp): only the kinds visible_to_trainees.
ScriptApi responder_api();

class ResponderHost : public ScriptHost {
 public:
  ResponderHost(Simulation& simulation, const Scenario& scenario_, const ScriptSource& source,
                std::uint64_t seed, ScriptOptions script_options, std::string actor_name,
                std::function<void(Action)> submit_action)
      : ScriptHost(simulation, scenario_, source, seed, std::move(script_options), responder_api()),
        actor(std::move(actor_name)),
        submit(std::move(submit_action)) {}

  // Only for a lua_State of a responder bot (whose API alone calls this).
  static ResponderHost& of(lua_State* L) { return static_cast<ResponderHost&>(ScriptHost::of(L)); }

  std::string actor;
  std::function<void(Action)> submit;
  // The alerts of the last alerts() call, held here (not on the C stack)
  // while they are turned into Lua tables.
  std::vector<Alert> alerts_scratch;
};

}  // namespace firedrill::scripting
