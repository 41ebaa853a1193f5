// Runs a fault script written inline against a small scenario, the way
// `firedrill run` does, and keeps what came out: the simulation (metrics,
// journal), the script's print lines, and its failure if it failed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scripting/fault_script.h"
#include "sim/model/scenario_builder.h"
#include "sim/model/simulation.h"

namespace firedrill::testing {

// frontend -> checkout -> db, 100 requests per second into frontend.
inline Scenario shop_scenario() {
  Scenario s = make_scenario(kHour, 15 * kSecond);
  add_service(s, "frontend", 2, 16, 64, 5 * kMillisecond);
  add_service(s, "checkout", 2, 16, 64, 5 * kMillisecond);
  add_service(s, "db", 2, 16, 64, 2 * kMillisecond);
  add_call(s, "frontend", "checkout").timeout = 500 * kMillisecond;
  add_call(s, "checkout", "db").timeout = 200 * kMillisecond;
  add_traffic(s, "frontend", 100);
  return s;
}

class ScriptRun {
 public:
  // Compiles `lua` as "faults.lua" for `scenario`; start() runs its top level.
  explicit ScriptRun(std::string lua, Scenario scenario = shop_scenario(), ScriptLimits limits = {})
      : scenario_(std::move(scenario)), sim_(scenario_, scenario_.seed) {
    source_.path = "faults.lua";
    source_.text = std::move(lua);
    ScriptOptions options;
    options.limits = limits;
    options.print = [this](std::string_view line) { printed_.emplace_back(line); };
    try {
      script_ = std::make_unique<FaultScript>(sim_, scenario_, source_, scenario_.seed, options);
    } catch (const ScriptError& e) {
      error_ = e.what();
    }
  }

  // Runs the top level, then simulates until `until`. Stops at the first
  // script error; returns whether the script ran without one.
  bool run(SimTime until = 0) {
    if (!script_) return false;
    try {
      script_->start();
      if (until > 0) sim_.run_until(until);
    } catch (const ScriptError& e) {
      error_ = e.what();
      return false;
    }
    return true;
  }

  const std::string& error() const { return error_; }
  // The first line of the error: "faults.lua:3: message".
  std::string error_line() const { return error_.substr(0, error_.find('\n')); }
  const std::vector<std::string>& printed() const { return printed_; }
  Simulation& sim() { return sim_; }
  const Scenario& scenario() const { return scenario_; }
  FaultScript* script() { return script_.get(); }

  // The printed lines without their "[faults.lua 00:00:00.000] " prefix.
  std::vector<std::string> output() const {
    std::vector<std::string> out;
    for (const std::string& line : printed_) out.push_back(line.substr(line.find("] ") + 2));
    return out;
  }

 private:
  Scenario scenario_;
  Simulation sim_;
  ScriptSource source_;
  std::unique_ptr<FaultScript> script_;
  std::string error_;
  std::vector<std::string> printed_;
};

}  // namespace firedrill::testing
