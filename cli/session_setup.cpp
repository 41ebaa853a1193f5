#include "cli/session_setup.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "scripting/fault_script.h"
#include "scripting/responder_script.h"

namespace firedrill::cli {

struct ScriptSet {
  std::unique_ptr<FaultScript> faults;
  // The bot's source, kept here: the script refers to it.
  std::optional<ScriptSource> responder_source;
  std::unique_ptr<ResponderScript> responder;
};

std::pair<std::function<void(RunSession&)>, std::shared_ptr<ScriptSet>> make_setup(
    const Scenario& scenario, std::uint64_t seed, SetupChoices choices) {
  auto scripts = std::make_shared<ScriptSet>();
  scripts->responder_source = std::move(choices.responder);
  auto setup = [&scenario, seed, choices = std::move(choices), scripts](RunSession& session) {
    if (scenario.faults) {
      ScriptOptions options;
      options.print = choices.print;
      scripts->faults = std::make_unique<FaultScript>(session.sim(), scenario, *scenario.faults,
                                                      seed, std::move(options));
      scripts->faults->start();
    }
    // The bot starts after the fault script: its top level sees the faults'
    // top level done (as a trainee joins a drill already set up).
    if (scripts->responder_source) {
      ScriptOptions options;
      options.print = choices.print;
      scripts->responder = std::make_unique<ResponderScript>(
          session.sim(), scenario, *scripts->responder_source, seed, choices.responder_name,
          [&session](Action action) { session.submit(std::move(action)); }, std::move(options));
      scripts->responder->start();
    }
  };
  return {std::move(setup), scripts};
}

std::string action_log_path_for(const std::string& recording) {
  std::error_code ec;
  const auto status = std::filesystem::status(recording, ec);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) return "";
  std::filesystem::path p(recording);
  p.replace_extension(".actions");
  if (p.string() == recording) return recording + ".actions";  // --out x.actions
  return p.string();
}

}  // namespace firedrill::cli
