// firedrill: incident simulation and game-day training.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"

#ifndef FIREDRILL_VERSION
#define FIREDRILL_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  using namespace firedrill::cli;
  CLI::App app{
      "firedrill: incident simulation and game-day training engine.\n"
      "Simulates a service graph with faults, records the run, and scores the response."};
  app.set_version_flag("--version", std::string("firedrill ") + FIREDRILL_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Run `firedrill COMMAND --help` for a command's options. Docs: docs/getting-started.md");

  int exit_code = kExitOk;
  add_run_command(app, exit_code);
  add_validate_command(app, exit_code);
  add_promtest_command(app, exit_code);
  add_routes_command(app, exit_code);
  add_drill_command(app, exit_code);
  add_score_command(app, exit_code);
  add_debrief_command(app, exit_code);
  add_postmortem_command(app, exit_code);
  add_test_command(app, exit_code);
  add_view_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return exit_code;
}
