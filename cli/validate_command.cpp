// firedrill validate SCENARIO: load and check a scenario without running it
// (its fault script and responder bot are compiled and their top levels run,
// not their callbacks).
#include <fmt/core.h>
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/report_errors.h"
#include "cli/scenario_check.h"
#include "sim/base/input_error.h"
#include "sim/scenario/loader.h"

namespace firedrill::cli {

void add_validate_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("validate", "Check a scenario for errors without running it");
  auto path = std::make_shared<std::string>();
  cmd->add_option("SCENARIO", *path, "Scenario folder (holding scenario.yaml) or YAML file")
      ->required();
  cmd->callback([path, &exit_code] {
    exit_code = report_errors([&] {
      Scenario s = load_scenario(*path);
      for (const Diagnostic& w : s.warnings) fmt::print(stderr, "{}\n", w.str());
      std::vector<Diagnostic> problems = check_scenario_scripts(s);
      if (!problems.empty()) throw InputError(std::move(problems));
      std::size_t calls = 0;
      for (const auto& service : s.services) calls += service.calls.size();
      std::size_t rules = 0;
      for (const auto& group : s.alert_rules) rules += group.rules.size();
      fmt::print("{}: ok: '{}', {} services, {} calls, {} traffic entries, {}{}", *path, s.name,
                 s.services.size(), calls, s.traffic.size(), format_duration(s.duration),
                 s.faults ? ", faults in " + s.faults->path : "");
      if (s.responder) fmt::print(", responder bot in {}", s.responder->path);
      if (rules > 0) fmt::print(", {} alert rules", rules);
      if (s.routing) fmt::print(", {} receivers", s.routing->receivers.size());
      if (!s.teams.empty()) fmt::print(", {} teams", s.teams.size());
      fmt::print("\n");
      return kExitOk;
    });
  });
}

}  // namespace firedrill::cli
