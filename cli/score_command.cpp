// firedrill score RUN: the score card of a recorded run, re-computed from the
// recording alone (its scenario files are in it). The run is compared with
// the same scenario and seed with nobody acting, simulated again.
#include <fmt/core.h>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/report_errors.h"
#include "cli/scored_run.h"
#include "scoring/score_report.h"

namespace firedrill::cli {

void add_score_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "score", "Score a recorded run against its scenario's ground truth and rubric");
  auto path = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  cmd->add_option("RUN", *path, "A recording (.fdrec) written by run or drill")->required();
  cmd->add_flag("--json", *json, "Print the score card as JSON");
  cmd->callback([path, json, &exit_code] {
    exit_code = report_errors([&] {
      const LoadedRun run = load_run(*path);
      UserImpact baseline;
      if (run.scenario.incident && run.recording.end_time > 0) {
        baseline = baseline_impact(run.scenario, run.recording.info.seed, run.recording.end_time);
      }
      const ScoreCard card = score_run(run.view(), &baseline);
      if (run.recording.status != RunStatus::kComplete) {
        fmt::print(
            stderr, "{}: warning: the run did not finish ({}): scored as far as it got ({})\n",
            *path, run_status_name(run.recording.status), format_duration(run.recording.end_time));
      }
      if (*json) {
        nlohmann::json j = score_card_json(card);
        j["recording"] = *path;
        j["status"] = std::string(run_status_name(run.recording.status));
        fmt::print("{}\n", j.dump(2));
      } else {
        fmt::print("{}", score_card_text(card));
      }
      return kExitOk;
    });
  });
}

}  // namespace firedrill::cli
