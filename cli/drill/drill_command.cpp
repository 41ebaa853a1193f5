// firedrill drill SCENARIO: the live drill console. A trainee (or a team
// around one terminal) works the scenario's incident as it unfolds, paced to
// the wall clock: pages, alerts and messages arrive as they happen, and what
// they type is applied to the run and written to an action log that
// `firedrill run --actions` replays into the same recording, byte for byte.
#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "cli/drill/console.h"
#include "cli/drill/line_input.h"
#include "cli/drill/signals.h"
#include "cli/drill/summary.h"
#include "cli/drill/views.h"
#include "cli/report_errors.h"
#include "cli/session_setup.h"
#include "sim/base/input_error.h"
#include "sim/run/session.h"
#include "sim/scenario/loader.h"

namespace firedrill::cli {
namespace {

using namespace drill;

struct DrillArgs {
  std::string scenario;
  double speed = 1;
  std::string name;
  std::optional<std::uint64_t> seed;
  std::string out;
};

// runs/<scenario>-drill-seed<N>.fdrec, creating runs/ if needed.
std::string default_recording_path(const Scenario& s, std::uint64_t seed) {
  std::error_code ec;
  std::filesystem::create_directories("runs", ec);
  if (ec) {
    throw InputError("cannot create the folder 'runs' for the recording: " + ec.message() +
                     " (choose a file with --out)");
  }
  return "runs/" + s.name + "-drill-seed" + std::to_string(seed) + ".fdrec";
}

std::string trainee_name(const std::string& given) {
  std::string name = given;
  if (name.empty()) {
    const char* user = std::getenv("USER");
    name = user != nullptr && *user != '\0' ? user : "trainee";
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw InputError("--name: a name cannot hold control characters");
    }
  }
  return name;
}

std::string why_ended(DrillEnd end) {
  switch (end) {
    case DrillEnd::kQuit:
      return "quit";
    case DrillEnd::kEndOfInput:
      return "end of input";
    case DrillEnd::kScenarioEnded:
      return "the scenario ended";
    case DrillEnd::kFailed:
      return "the run failed";
    case DrillEnd::kSignal:
      return "stopped by a signal";
  }
  return "";
}

void print_banner(const Scenario& scenario, const std::string& name, double speed, SimTime end,
                  bool interactive, const Style& style) {
  Lines lines;
  lines.push_back(
      {Tone::kHeading, fmt::format("firedrill drill — {}: {}", scenario.name, scenario.title)});
  std::string briefing = scenario.briefing;
  while (!briefing.empty() && briefing.back() == '\n') briefing.pop_back();
  std::size_t start = 0;
  while (start <= briefing.size() && !briefing.empty()) {
    const std::size_t nl = briefing.find('\n', start);
    lines.push_back({Tone::kPlain, "  " + briefing.substr(start, nl - start)});
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  lines.push_back(
      {Tone::kPlain,
       fmt::format("Trainee: {}   speed: x{:g} ({} simulated per second)   clock: {} "
                   "to {}",
                   name, speed, short_duration(static_cast<SimTime>(speed * kSecond)),
                   clock_text(0, scenario.start_of_day), clock_text(end, scenario.start_of_day))});
  lines.push_back({Tone::kDim, interactive
                                   ? "Type help for the commands (Tab completes); quit or "
                                     "Ctrl-D ends the drill."
                                   : "Reading commands from standard input, one per line; the "
                                     "end of input ends the drill."});
  std::fputs(style.render(lines).c_str(), stdout);
  std::fflush(stdout);
}

int run_drill(const DrillArgs& args) {
  Scenario scenario = load_scenario(args.scenario);
  for (const Diagnostic& w : scenario.warnings) fmt::print(stderr, "{}\n", w.str());
  if (!(args.speed >= kMinSpeed && args.speed <= kMaxSpeed)) {
    throw InputError(fmt::format("--speed must be from {:g} to {:g}, got {:g}", kMinSpeed,
                                 kMaxSpeed, args.speed));
  }
  const std::string name = trainee_name(args.name);
  const std::uint64_t seed = args.seed.value_or(scenario.seed);

  RunOptions options;
  options.seed = seed;
  options.recording_path = args.out.empty() ? default_recording_path(scenario, seed) : args.out;
  options.action_log_path = action_log_path_for(options.recording_path);
  // The fault script only: no responder bot in a drill, and its print()
  // is the facilitator's, not the trainees'.
  auto [setup, scripts] = make_setup(scenario, seed, SetupChoices{});
  options.setup = std::move(setup);

  RunSession session(scenario, options);
  // Line editing needs a terminal both ways that moves its cursor (not TERM=dumb).
  const char* term = std::getenv("TERM");
  const bool interactive = isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 &&
                           term != nullptr && *term != '\0' && std::string_view(term) != "dumb";
  const Style style = Style::detect(isatty(STDOUT_FILENO) != 0);
  print_banner(scenario, name, args.speed, session.end(), interactive, style);

  const auto started = std::chrono::steady_clock::now();
  install_signal_handlers(interactive);
  struct RestoreSignals {
    ~RestoreSignals() { restore_signal_handlers(); }
  } restore_signals;
  session.start();
  ConsoleOptions console_options;
  console_options.actor = name;
  console_options.speed = args.speed;
  console_options.style = style;
  Console* console_ptr = nullptr;
  std::unique_ptr<LineInput> input;
  if (interactive) {
    input = make_editor_input([&console_ptr](std::string_view before) {
      if (console_ptr == nullptr) return std::vector<std::string>{};
      return completion_candidates(console_ptr->completion_context(), before);
    });
  } else {
    input = make_plain_input();
  }
  Console console(session, scenario, *input, console_options);
  console_ptr = &console;
  const DrillEnd end = console.run();
  input->close();
  input.reset();

  const RunResult result = session.finish();
  DrillReport report;
  report.ended = why_ended(end);
  report.start_of_day = scenario.start_of_day;
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  report.result = &result;
  report.pager = session.sim().pager();
  report.incident = &session.desk().incident();
  report.scenario_path = args.scenario;
  report.recording = options.recording_path;
  report.action_log = options.action_log_path;
  std::fputs(("\n" + style.render(drill_summary(report))).c_str(), stdout);
  std::fflush(stdout);
  if (result.status == RunStatus::kFailed) {
    fmt::print(stderr, "firedrill: run failed at {}: {}\n", format_clock(result.end), result.error);
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void add_drill_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "drill", "Run a scenario live, paced to the wall clock, as a training drill console");
  auto args = std::make_shared<DrillArgs>();
  cmd->add_option("SCENARIO", args->scenario,
                  "Scenario folder (holding scenario.yaml) or YAML file")
      ->required();
  cmd->add_option("--speed", args->speed,
                  "Simulated seconds per wall-clock second (default 1; 10, 60, 600 are typical)");
  cmd->add_option("--name", args->name,
                  "The trainee's name, recorded with every action (default: $USER)");
  cmd->add_option("--seed", args->seed, "Random seed (default: the scenario's seed)");
  cmd->add_option("--out", args->out,
                  "Recording file to write (default: runs/SCENARIO-drill-seedN.fdrec); the action "
                  "log goes beside it (.actions)");
  cmd->callback(
      [args, &exit_code] { exit_code = report_errors([&] { return run_drill(*args); }); });
}

}  // namespace firedrill::cli
