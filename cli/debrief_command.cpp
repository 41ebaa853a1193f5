// firedrill debrief RUN and firedrill postmortem RUN: the debrief of a
// recorded run (score, what went well and not, the reference responder, the
// timeline) and a postmortem draft, as Markdown on stdout or in a file
// (docs/debrief.md). Like `score`, both re-score the recording alone: the
// run is compared with the same scenario and seed with nobody acting, and
// the debrief with the scenario's reference responder, simulated again.
#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include "cli/commands.h"
#include "cli/report_errors.h"
#include "cli/scored_run.h"
#include "scoring/debrief.h"
#include "scoring/postmortem.h"
#include "scoring/timeline.h"
#include "sim/base/input_error.h"

namespace firedrill::cli {
namespace {

struct ReportArgs {
  std::string run;
  std::string out;  // "" = stdout
};

// Refuses an --out that exists and is not a regular file (a folder, a
// device, a pipe), or that is the recording itself.
void check_output(const ReportArgs& args) {
  if (args.out.empty()) return;
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(args.out, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw InputError("--out: cannot use '" + args.out + "': " + ec.message());
  }
  if (!std::filesystem::exists(status)) return;
  if (!std::filesystem::is_regular_file(status)) {
    throw InputError("--out: '" + args.out + "' exists and is not a regular file");
  }
  if (std::filesystem::equivalent(args.out, args.run, ec)) {
    throw InputError("--out: '" + args.out + "' is the recording itself");
  }
}

void write_output(const ReportArgs& args, const std::string& markdown) {
  if (args.out.empty()) {
    fmt::print("{}", markdown);
    return;
  }
  std::ofstream file(args.out, std::ios::binary | std::ios::trunc);
  if (!file) throw InputError("--out: cannot write '" + args.out + "'");
  file << markdown;
  file.close();
  if (!file) throw InputError("--out: error writing '" + args.out + "'");
}

void warn_if_unfinished(const LoadedRun& run) {
  if (run.recording.status == RunStatus::kComplete) return;
  fmt::print(stderr, "{}: warning: the run did not finish ({}): reported as far as it got ({})\n",
             run.path, run_status_name(run.recording.status),
             format_duration(run.recording.end_time));
}

// The run read back and scored as `firedrill score` does: against doing
// nothing over the same length (when the scenario has an incident to score).
struct ScoredRun {
  LoadedRun run;
  std::optional<UserImpact> baseline;
  ScoreCard card;
};

std::unique_ptr<ScoredRun> score(const std::string& path) {
  auto s = std::make_unique<ScoredRun>();
  s->run = load_run(path);
  warn_if_unfinished(s->run);
  const Recording& rec = s->run.recording;
  if (s->run.scenario.incident && rec.end_time > 0) {
    s->baseline = baseline_impact(s->run.scenario, rec.info.seed, rec.end_time);
  }
  s->card = score_run(s->run.view(), s->baseline ? &*s->baseline : nullptr);
  return s;
}

int debrief(const ReportArgs& args) {
  check_output(args);
  const std::unique_ptr<ScoredRun> s = score(args.run);
  const Recording& rec = s->run.recording;
  std::optional<ScoreCard> reference;
  std::string reference_failure;
  if (s->baseline && s->card.has_incident) {
    try {
      reference = reference_card(s->run.scenario, rec.info.seed, rec.end_time, *s->baseline);
    } catch (const InputError& e) {
      // The trainee's debrief still stands without the comparison.
      reference_failure = e.what();
    }
  }
  const RunView view = s->run.view();
  const std::vector<TimelineEntry> timeline = build_timeline(view, s->card);
  const IncidentSpec* incident = s->run.scenario.incident ? &*s->run.scenario.incident : nullptr;
  const DebriefInput input{s->card,  timeline, reference ? &*reference : nullptr,
                           args.run, incident, reference_failure};
  write_output(args, debrief_markdown(input));
  return kExitOk;
}

int postmortem(const ReportArgs& args) {
  check_output(args);
  const std::unique_ptr<ScoredRun> s = score(args.run);
  const RunView view = s->run.view();
  const std::vector<TimelineEntry> timeline = build_timeline(view, s->card);
  const PostmortemInput input{s->card, timeline, view, args.run};
  write_output(args, postmortem_markdown(input));
  return kExitOk;
}

void add_report_command(CLI::App& app, int& exit_code, const char* name, const char* help,
                        int (*report)(const ReportArgs&)) {
  auto* cmd = app.add_subcommand(name, help);
  auto args = std::make_shared<ReportArgs>();
  cmd->add_option("RUN", args->run, "A recording (.fdrec) written by run or drill")->required();
  cmd->add_option("--out", args->out,
                  "Write the Markdown to this file (replacing it) instead of stdout");
  cmd->callback(
      [args, report, &exit_code] { exit_code = report_errors([&] { return report(*args); }); });
}

}  // namespace

void add_debrief_command(CLI::App& app, int& exit_code) {
  add_report_command(app, exit_code, "debrief",
                     "Debrief a recorded run: score, what went well and not, the reference "
                     "responder, the timeline (Markdown)",
                     debrief);
}

void add_postmortem_command(CLI::App& app, int& exit_code) {
  add_report_command(app, exit_code, "postmortem",
                     "Draft a postmortem of a recorded run in the Google SRE template (Markdown)",
                     postmortem);
}

}  // namespace firedrill::cli
