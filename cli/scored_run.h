// The runs scoring compares: a recording read back with the scenario it
// recorded, and the same scenario simulated in memory (no recording) with
// nobody acting (the baseline) or with its reference responder.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "scoring/run_view.h"
#include "scoring/score_card.h"
#include "scoring/user_impact.h"
#include "sim/record/recording.h"
#include "sim/scenario/scenario.h"

namespace firedrill::cli {

// A recording and the scenario it ran (loaded from its recorded files).
struct LoadedRun {
  std::string path;
  Recording recording;
  Scenario scenario;
  RunView view() const { return view_of(recording, scenario); }
};

// Reads a recording and its scenario. Throws InputError naming the file.
LoadedRun load_run(const std::string& path);

// What to simulate in memory.
struct MemoryRunSpec {
  std::uint64_t seed = 0;
  SimTime until = 0;                      // planned end (0: the scenario's duration)
  std::optional<ScriptSource> responder;  // a bot to run; none: nobody acts
  std::string responder_name = "responder";
};

// Simulates `scenario` with its fault program (and the bot, if any), without
// recording, and calls `inspect` with the finished run before it is torn
// down. Throws InputError if the run fails (a script error), naming it.
void simulate_in_memory(const Scenario& scenario, const MemoryRunSpec& spec,
                        const std::function<void(const RunView&)>& inspect);

// What users felt with nobody acting: the same scenario, seed and length
// (0: the scenario's duration; a recording that reached 0s needs none).
UserImpact baseline_impact(const Scenario& scenario, std::uint64_t seed, SimTime until);

// The scenario's reference responder (`responder:`) scored on the same seed
// and length, against `baseline`; none if the scenario has no responder.
std::optional<ScoreCard> reference_card(const Scenario& scenario, std::uint64_t seed, SimTime until,
                                        const UserImpact& baseline);

}  // namespace firedrill::cli
