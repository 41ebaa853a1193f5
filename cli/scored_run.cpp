#include "cli/scored_run.h"

#include "cli/session_setup.h"
#include "sim/base/input_error.h"
#include "sim/run/run.h"
#include "sim/scenario/loader.h"

namespace firedrill::cli {
LoadedRun load_run(const std::string& path) {
  LoadedRun run;
  run.path = path;
  run.recording = read_recording(path);
  run.scenario = load_recorded_scenario(run.recording.sources, path);
  return run;
}

void simulate_in_memory(const Scenario& scenario, const MemoryRunSpec& spec,
                        const std::function<void(const RunView&)>& inspect) {
  RunOptions options;
  options.seed = spec.seed;
  options.until = spec.until;
  SetupChoices choices;
  choices.responder = spec.responder;
  choices.responder_name = spec.responder_name;
  auto [setup, scripts] = make_setup(scenario, spec.seed, std::move(choices));
  options.setup = std::move(setup);
  std::string failure;
  options.inspect = [&](const Simulation& sim, const RunResult& result) {
    if (result.status == RunStatus::kFailed) {
      failure = result.error;
      return;
    }
    inspect(view_of(sim, scenario, spec.seed, spec.until, result.status));
  };
  run_scenario(scenario, options);
  if (!failure.empty()) {
    throw InputError("the run of '" + scenario.name + "' with seed " + std::to_string(spec.seed) +
                     (spec.responder ? " and responder " + spec.responder->path : "") +
                     " failed: " + failure);
  }
}

UserImpact baseline_impact(const Scenario& scenario, std::uint64_t seed, SimTime until) {
  UserImpact impact;
  MemoryRunSpec spec;
  spec.seed = seed;
  spec.until = until;
  simulate_in_memory(scenario, spec, [&](const RunView& view) {
    impact = measure_user_impact(view, rubric_for(scenario).slo, incident_onset(view));
  });
  return impact;
}

std::optional<ScoreCard> reference_card(const Scenario& scenario, std::uint64_t seed, SimTime until,
                                        const UserImpact& baseline) {
  if (!scenario.responder) return std::nullopt;
  std::optional<ScoreCard> card;
  MemoryRunSpec spec;
  spec.seed = seed;
  spec.until = until;
  spec.responder = scenario.responder;
  simulate_in_memory(scenario, spec,
                     [&](const RunView& view) { card = score_run(view, &baseline); });
  return card;
}

}  // namespace firedrill::cli
