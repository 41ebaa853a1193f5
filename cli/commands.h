// The firedrill subcommands. Each add_*_command registers itself on the app
// and, when chosen, stores its exit status in `exit_code`.
#pragma once

#include <CLI/App.hpp>

namespace firedrill::cli {

// Exit statuses, as Unix tools use them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // bad input, failed run
inline constexpr int kExitUsage = 2;    // bad command line

void add_run_command(CLI::App& app, int& exit_code);
void add_validate_command(CLI::App& app, int& exit_code);
void add_promtest_command(CLI::App& app, int& exit_code);
void add_routes_command(CLI::App& app, int& exit_code);
void add_drill_command(CLI::App& app, int& exit_code);       // cli/drill/drill_command.cpp
void add_score_command(CLI::App& app, int& exit_code);       // cli/score_command.cpp
void add_debrief_command(CLI::App& app, int& exit_code);     // cli/debrief_command.cpp
void add_postmortem_command(CLI::App& app, int& exit_code);  // cli/debrief_command.cpp
void add_test_command(CLI::App& app, int& exit_code);        // cli/test_command.cpp
void add_view_command(CLI::App& app, int& exit_code);        // cli/view_command.cpp

}  // namespace firedrill::cli
