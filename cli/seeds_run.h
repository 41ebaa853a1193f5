// `firedrill run SCENARIO --seeds 1..200 [-j N]`: the same scenario and
// responder over many seeds, each simulated in memory on a thread of its own
// and scored against its own do-nothing baseline, to see the distribution of
// a response rather than one run of it. Only numbers are kept per seed (the
// score card's milestone times and total), never the metrics; nothing is
// recorded. The report is sorted by seed, so it is the same whatever the
// number of threads. docs/scenario-testing.md.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/base/time.h"
#include "sim/scenario/scenario.h"

namespace firedrill::cli {

// Parses a --seeds value: comma-separated seeds and inclusive ranges,
// "1..200", "1,5,9..12". Returns the seeds in ascending order, each once
// (overlaps are merged). Throws InputError with a one-line message (no
// location, no "--seeds:" prefix: the caller names the option) on an empty
// item, a non-number, a range whose end is below its start, or more than
// kMaxSeeds seeds.
std::vector<std::uint64_t> parse_seed_list(std::string_view text);
inline constexpr std::size_t kMaxSeeds = 100000;

// What to run over the seeds.
struct SeedsRequest {
  std::vector<std::uint64_t> seeds;       // ascending, distinct (parse_seed_list)
  std::string seeds_text;                 // as the user wrote them, for the report
  unsigned jobs = 0;                      // threads; 0 = std::thread::hardware_concurrency()
  SimTime until = 0;                      // planned end; 0 = the scenario's duration
  std::optional<ScriptSource> responder;  // the bot; none: nobody acts
  std::string responder_shown;            // its file, for the report
  std::string responder_name = "responder";
};

// What one seed gave. Durations are from the incident's onset (detect,
// mitigate) or from the first page (acknowledge); none: it did not happen.
struct SeedOutcome {
  std::uint64_t seed = 0;
  std::string error;          // the run failed (a script error): why; "" when scored
  bool has_incident = false;  // false: the scenario has no `incident:`, nothing was scored
  int score = 0;
  int max = 0;
  bool paged = false;  // somebody was paged (acknowledge is measured from the first page)
  std::optional<SimTime> detect;       // times.detected - onset
  std::optional<SimTime> acknowledge;  // times.first_ack - pages[0].paged_at
  std::optional<SimTime> mitigate;     // times.mitigated - onset
  bool breached = false;               // the run's user impact breached the SLO
  bool baseline_breached = false;      // doing nothing would have
};

// One milestone (or the score) over the seeds where it happened.
struct Distribution {
  std::size_t count = 0;   // seeds with a value
  std::size_t missed = 0;  // scored seeds without one
  double median = 0;       // middle value (mean of the two middle ones for an even count)
  double p90 = 0;          // nearest rank: the smallest value >= 90% of the values
  double min = 0;
  double max = 0;
  std::uint64_t min_seed = 0;  // a seed giving min (the lowest such seed)
  std::uint64_t max_seed = 0;  // a seed giving max (the lowest such seed)
};

// Median, p90, min and max of `values` (seed, value), `missed` set by the caller.
Distribution distribution_of(std::vector<std::pair<std::uint64_t, double>> values);

struct SeedsReport {
  std::string scenario;  // name
  std::string title;
  std::string seeds_text;
  SimTime until = 0;            // the planned end of every run
  std::string responder_shown;  // "" = nobody acted
  std::string responder_name;
  bool has_incident = false;          // the scenario has an `incident:` to score against
  std::vector<SeedOutcome> outcomes;  // sorted by seed
  std::size_t failed = 0;             // seeds whose run failed
  Distribution detect, acknowledge, mitigate, score;
  std::size_t not_paged = 0;          // scored seeds where nobody was paged
  std::size_t breached = 0;           // scored seeds whose run breached the SLO
  std::size_t baseline_breached = 0;  // scored seeds where doing nothing breached it
  int max_points = 0;                 // the score's maximum (100 for a scenario with an incident)
  double wall_seconds = 0;            // for stderr only: the report itself is deterministic
  unsigned jobs = 0;                  // threads used (likewise)
};

// Runs every seed of `request` on a pool of request.jobs threads. A seed
// whose run fails is reported with its error; the others still run.
SeedsReport run_seeds(const Scenario& scenario, const SeedsRequest& request);

// The report as text (the distribution table, then failed seeds) or as one
// JSON document (per-seed rows and the summary). Neither shows wall time or
// the thread count: the same seeds give byte-identical output.
void print_seeds_text(std::FILE* out, const SeedsReport& report);
void print_seeds_json(std::FILE* out, const SeedsReport& report);

}  // namespace firedrill::cli
