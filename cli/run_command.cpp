// firedrill run SCENARIO: simulate a scenario, write its recording, print a
// per-service summary. The scenario's responder bot (`responder:`) plays the
// trainees unless --responder names another, --no-responder or --actions
// (a replay) leaves it out.
#include <fmt/core.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.h"
#include "cli/event_report.h"
#include "cli/report_errors.h"
#include "cli/scored_run.h"
#include "cli/seeds_run.h"
#include "cli/session_setup.h"
#include "cli/summary_table.h"
#include "scoring/score_report.h"
#include "scripting/fault_script.h"
#include "sim/alerting/rule_file.h"
#include "sim/base/input_error.h"
#include "sim/response/action_log.h"
#include "sim/run/run.h"
#include "sim/run/session.h"
#include "sim/scenario/loader.h"

namespace firedrill::cli {
namespace {

struct RunArgs {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::string until;
  std::string out;
  std::vector<std::string> rules;
  std::string actions;    // an action log to replay
  std::string responder;  // a responder bot to run instead of the scenario's
  bool no_responder = false;
  bool json = false;
  bool no_score = false;  // --no-score: skip the score card (and its do-nothing run)
  std::string seeds;      // --seeds: statistics over these seeds (cli/seeds_run.h)
  unsigned jobs = 0;      // -j: threads for --seeds; 0 = one per core
};

// --rules: a team's own rule files replace the scenario's alerts. They are
// recorded among the scenario's sources, since they change the run.
void use_rule_files(Scenario& scenario, const std::vector<std::string>& files) {
  std::vector<RuleGroupSpec> groups;
  for (const std::string& file : files) {
    std::vector<RuleGroupSpec> loaded = load_rule_file(file);
    for (RuleGroupSpec& g : loaded) groups.push_back(std::move(g));
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    scenario.sources.push_back(
        recorded_rule_file(std::filesystem::path(file).filename().string(), std::move(text)));
  }
  scenario.alert_rules = std::move(groups);
}

// runs/<scenario name>-seed<N>.fdrec, creating runs/ if needed.
std::string default_recording_path(const Scenario& s, std::uint64_t seed) {
  std::error_code ec;
  std::filesystem::create_directories("runs", ec);
  if (ec)
    throw InputError("cannot create the folder 'runs' for the recording: " + ec.message() +
                     " (choose a file with --out)");
  return "runs/" + s.name + "-seed" + std::to_string(seed) + ".fdrec";
}

// --responder FILE: a bot from anywhere (the user's own file, unlike a
// scenario's scripts). Named by its file name in messages ("bot.lua:12: ...").
ScriptSource read_responder_file(const std::string& file) {
  std::error_code ec;
  constexpr std::uintmax_t kMaxScriptBytes = 1u << 20;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw InputError("--responder: '" + file + "' is not a file");
  }
  if (std::filesystem::file_size(file, ec) > kMaxScriptBytes) {
    throw InputError("--responder: '" + file + "' is larger than 1 MiB");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError("--responder: cannot read '" + file + "'");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError("--responder: cannot read '" + file + "': read error");
  return ScriptSource{std::filesystem::path(file).filename().string(), std::move(text),
                      SourceLocation{file, 0, 0}};
}

// --actions: the replayed log must be of this scenario; its seed and times
// replace the defaults (an explicit --seed or --until must agree).
void use_action_log(const RunArgs& args, const Scenario& scenario, RunOptions& options) {
  ActionLog log = read_action_log(args.actions);
  if (log.scenario != scenario.name) {
    throw InputError(args.actions + ": this action log is of scenario '" + log.scenario +
                     "', not '" + scenario.name + "'");
  }
  if (log.scenario_hash != scenario_hash(scenario.sources)) {
    fmt::print(stderr,
               "firedrill: warning: {}: the scenario's files changed since these actions were "
               "taken; the replay will differ from the original run\n",
               args.actions);
  }
  if (args.seed && *args.seed != log.seed) {
    throw InputError("--seed " + std::to_string(*args.seed) +
                     " differs from the action log's seed " + std::to_string(log.seed));
  }
  options.seed = log.seed;
  if (!args.until.empty() && options.until != log.until) {
    throw InputError("--until " + args.until + " differs from the action log's 'until " +
                     format_duration(log.until) + "'");
  }
  options.until = log.until;
  options.stop = log.stop;
  options.actions = std::move(log.actions);
}

// Events as JSON objects: time in seconds, kind, service if any, attributes.
nlohmann::ordered_json events_json(const std::vector<RunEvent>& events) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const RunEvent& e : events) {
    nlohmann::ordered_json item;
    item["t"] = to_seconds(e.time);
    item["kind"] = e.kind;
    if (!e.service.empty()) item["service"] = e.service;
    for (const auto& [k, v] : e.attributes) item[k] = v;
    out.push_back(std::move(item));
  }
  return out;
}

int run(const RunArgs& args) {
  Scenario scenario = load_scenario(args.scenario);
  for (const Diagnostic& w : scenario.warnings) fmt::print(stderr, "{}\n", w.str());
  if (!args.rules.empty()) use_rule_files(scenario, args.rules);
  RunOptions options;
  options.seed = args.seed.value_or(scenario.seed);
  if (!args.until.empty()) {
    try {
      options.until = parse_duration(args.until);
    } catch (const InputError& e) {
      throw InputError("--until: " + e.first().message);
    }
    if (options.until <= 0) throw InputError("--until must be after the start of the run");
  }
  if (!args.actions.empty()) use_action_log(args, scenario, options);
  const std::uint64_t seed = *options.seed;
  options.recording_path = args.out.empty() ? default_recording_path(scenario, seed) : args.out;
  // Replaying a log writes no new one (it would be the same actions).
  if (args.actions.empty()) options.action_log_path = action_log_path_for(options.recording_path);

  SetupChoices choices;
  choices.print = [](std::string_view line) { fmt::print(stderr, "{}\n", line); };
  // The scenario's bot by default; a replay's actions replace any bot.
  if (!args.responder.empty()) {
    choices.responder = read_responder_file(args.responder);
  } else if (!args.no_responder && args.actions.empty()) {
    choices.responder = scenario.responder;
  }
  // Which bot ran, for the report: the scenario's file or --responder's.
  const std::string responder_shown =
      choices.responder ? (args.responder.empty() ? choices.responder->path : args.responder) : "";
  const std::string responder_name = choices.responder_name;
  auto [setup, scripts] = make_setup(scenario, seed, std::move(choices));
  options.setup = std::move(setup);

  // The score card (docs/scoring.md), when there is a ground truth: read
  // from the finished simulation, against the same run with nobody acting.
  // `firedrill score` re-computes the same card from the recording.
  std::optional<ScoreCard> card;
  UserImpact baseline;
  // A replayed drill stopped at 0s has nothing to score.
  if (scenario.incident && !args.no_score && options.stop.value_or(1) > 0) {
    const SimTime planned = options.until > 0 ? options.until : scenario.duration;
    const SimTime stop = options.stop ? std::min(*options.stop, planned) : planned;
    baseline = baseline_impact(scenario, seed, stop);
    options.inspect = [&card, &baseline, &scenario, &options, seed](const Simulation& sim,
                                                                    const RunResult& r) {
      if (r.status != RunStatus::kComplete) return;
      card = score_run(view_of(sim, scenario, seed, options.until, r.status), &baseline);
    };
  }

  const auto started = std::chrono::steady_clock::now();
  RunResult result = run_scenario(scenario, options);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::uintmax_t bytes = 0;
  std::error_code ec;
  bytes = std::filesystem::file_size(options.recording_path, ec);
  if (args.json) {
    nlohmann::ordered_json j;
    j["scenario"] = scenario.name;
    j["seed"] = seed;
    j["status"] = std::string(run_status_name(result.status));
    if (!result.error.empty()) j["error"] = result.error;
    j["simulated_seconds"] = to_seconds(result.end);
    j["wall_seconds"] = wall;
    j["events"] = result.events;
    j["recording"] = options.recording_path;
    if (!options.action_log_path.empty()) j["actions"] = options.action_log_path;
    j["recording_bytes"] = bytes;
    if (!responder_shown.empty()) {
      j["responder"] = {{"script", responder_shown}, {"actor", responder_name}};
    } else {
      j["responder"] = nullptr;
    }
    j["services"] = summary_json(result.summary);
    nlohmann::ordered_json alerts = nlohmann::ordered_json::array();
    for (const RunEvent& e : result.alert_events) {
      nlohmann::ordered_json a;
      a["t"] = to_seconds(e.time);
      a["kind"] = e.kind;
      for (const auto& [k, v] : e.attributes) a[k] = v;
      alerts.push_back(std::move(a));
    }
    j["alerts"] = std::move(alerts);
    j["paging"] = events_json(result.paging_events);
    j["response"] = events_json(result.response_events);
    if (card) j["score"] = score_card_json(*card);
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("{} — {} (seed {})\n", scenario.name, scenario.title, seed);
    if (!responder_shown.empty()) {
      fmt::print("responder: {} (a bot, acting as '{}')\n", responder_shown, responder_name);
    } else if (!args.actions.empty()) {
      fmt::print("responder: none (replaying {})\n", args.actions);
    } else {
      fmt::print("responder: none\n");
    }
    fmt::print("\n");
    print_summary_table(stdout, result.summary);
    if (!scenario.alert_rules.empty()) print_alerts(stdout, result.alert_events);
    if (scenario.routing || !scenario.teams.empty()) print_paging(stdout, result.paging_events);
    print_response(stdout, result.response_events);
    if (card) fmt::print("\n{}", score_card_text(*card));
    const double rate = wall > 0 ? static_cast<double>(result.events) / wall : 0;
    fmt::print("\nsimulated {} in {:.2f}s ({} events, {:.1f}M events/s)\n",
               format_duration(result.end), wall, result.events, rate / 1e6);
    fmt::print("recording: {} ({:.1f} MB)\n", options.recording_path,
               static_cast<double>(bytes) / 1e6);
    if (!options.action_log_path.empty()) fmt::print("actions: {}\n", options.action_log_path);
  }
  if (result.status == RunStatus::kFailed) {
    fmt::print(stderr, "firedrill: run failed at {}: {}\n", format_clock(result.end), result.error);
    return kExitFailure;
  }
  return kExitOk;
}

// --seeds: the scenario over many seeds, each simulated in memory on a thread
// and scored; prints the distribution (cli/seeds_run.h). Nothing is recorded.
int run_seeds(const RunArgs& args) {
  Scenario scenario = load_scenario(args.scenario);
  for (const Diagnostic& w : scenario.warnings) fmt::print(stderr, "{}\n", w.str());
  if (!args.rules.empty()) use_rule_files(scenario, args.rules);
  SeedsRequest request;
  request.seeds = parse_seed_list(args.seeds);  // checked by the option's validator
  request.seeds_text = args.seeds;
  request.jobs = args.jobs;
  if (!args.until.empty()) {
    try {
      request.until = parse_duration(args.until);
    } catch (const InputError& e) {
      throw InputError("--until: " + e.first().message);
    }
    if (request.until <= 0) throw InputError("--until must be after the start of the run");
  }
  if (!args.responder.empty()) {
    request.responder = read_responder_file(args.responder);
    request.responder_shown = args.responder;
  } else if (!args.no_responder && scenario.responder) {
    request.responder = scenario.responder;
    request.responder_shown = scenario.responder->path;
  }
  const SeedsReport report = run_seeds(scenario, request);
  if (args.json) {
    print_seeds_json(stdout, report);
  } else {
    print_seeds_text(stdout, report);
  }
  fmt::print(stderr, "firedrill: {} seed{} in {:.2f}s on {} thread{}\n", report.outcomes.size(),
             report.outcomes.size() == 1 ? "" : "s", report.wall_seconds, report.jobs,
             report.jobs == 1 ? "" : "s");
  if (report.failed > 0) {
    fmt::print(stderr, "firedrill: {} of {} seeds failed\n", report.failed, report.outcomes.size());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("run", "Simulate a scenario, record it and print a summary");
  auto args = std::make_shared<RunArgs>();
  cmd->add_option("SCENARIO", args->scenario,
                  "Scenario folder (holding scenario.yaml) or YAML file")
      ->required();
  cmd->add_option("--seed", args->seed, "Random seed (default: the scenario's seed)");
  cmd->add_option("--until", args->until,
                  "Stop at this simulated time, e.g. 30m (default: the scenario's duration)");
  cmd->add_option("--out", args->out, "Recording file to write (default: runs/NAME-seedN.fdrec)");
  cmd->add_option("--rules", args->rules,
                  "Prometheus rule file to evaluate instead of the scenario's alerts "
                  "(repeatable)")
      ->check(CLI::ExistingFile);
  auto* actions =
      cmd->add_option("--actions", args->actions,
                      "Replay the trainees' actions from an action log (a run's .actions file); "
                      "no responder bot runs")
          ->check(CLI::ExistingFile);
  auto* responder =
      cmd->add_option("--responder", args->responder,
                      "Run this responder bot (a Lua file) instead of the scenario's `responder:`")
          ->check(CLI::ExistingFile);
  auto* no_responder = cmd->add_flag("--no-responder", args->no_responder,
                                     "Run without a responder bot (the scenario's is not run)");
  responder->excludes(no_responder);
  // A replay applies the logged actions: a bot would add its own.
  responder->excludes(actions);
  cmd->add_flag("--json", args->json, "Print the result as JSON");
  cmd->add_flag("--no-score", args->no_score,
                "Do not score the response (scoring simulates the run again with nobody acting)");
  auto* seeds =
      cmd->add_option("--seeds", args->seeds,
                      "Run these seeds (1..200, 1,5,9..12), each in memory on a thread, and print "
                      "the distribution of the response times and the score; records nothing")
          ->check(CLI::Validator(
              [](std::string& text) -> std::string {
                try {
                  parse_seed_list(text);
                } catch (const InputError& e) {
                  return e.first().message;
                }
                return "";
              },
              "A..B,C", "seed list"));
  seeds->excludes("--seed")->excludes("--actions");
  cmd->add_option("-j,--jobs", args->jobs, "Threads for --seeds (default: one per core)")
      ->check(CLI::Range(1u, 1024u))
      ->needs(seeds);
  cmd->callback([args, &exit_code] {
    if (!args->seeds.empty()) {
      if (!args->out.empty()) {
        throw CLI::ValidationError(
            "--out", "--seeds records nothing (run one seed with --seed N --out FILE)");
      }
      if (args->no_score) throw CLI::ValidationError("--no-score", "--seeds always scores");
      exit_code = report_errors([&] { return run_seeds(*args); });
      return;
    }
    exit_code = report_errors([&] { return run(*args); });
  });
}

}  // namespace firedrill::cli
