#include "scripting/fault_script.h"

#include <cctype>
#include <charconv>
#include <filesystem>

#include "scripting/script_host.h"

namespace firedrill {

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
  const ScriptSource& script = *scenario.faults;
  // Messages name the script as the user can open it: beside the scenario file.
  const std::string shown =
      (std::filesystem::path(script.where.file).parent_path() / script.path).string();
  try {
    Simulation sim(scenario, scenario.seed);
    FaultScript fault_script(sim, scenario, script, scenario.seed);
    fault_script.start();
  } catch (const ScriptError& e) {
    // "faults.lua:12: message\n  in ...\nstack traceback: ..." -> file:line: message
    const std::string text = e.what();
    const std::string first = text.substr(0, text.find('\n'));
    const std::string prefix = script.path + ":";
    if (first.rfind(prefix, 0) == 0) {
      std::size_t end = prefix.size();
      while (end < first.size() && std::isdigit(static_cast<unsigned char>(first[end]))) ++end;
      int line = 0;
      const auto [ptr, ec] =
          std::from_chars(first.data() + prefix.size(), first.data() + end, line);
      if (ec == std::errc() && ptr == first.data() + end && end > prefix.size() &&
          first.compare(end, 2, ": ") == 0) {
        return {Diagnostic{SourceLocation{shown, line, 0}, first.substr(end + 2)}};
      }
    }
    return {Diagnostic{SourceLocation{shown, 0, 0}, first}};
  }
  return {};
}

}  // namespace firedrill
