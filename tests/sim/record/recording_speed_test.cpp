// How long recording and reading two million samples takes. Hidden ([.]):
// timings are for people, not assertions; run with
//   sim_tests "[.speed]" -s
#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>

#include "sim/record/recording.h"
#include "tests/sim/record/record_test_support.h"

using namespace firedrill;
using namespace firedrill::record_test;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Records `series` series scraped `scrapes` times, checkpointing every
// `scrapes_per_checkpoint` scrapes; prints the time spent inside the recorder
// and the time read_recording takes.
void measure(int series, int scrapes, int scrapes_per_checkpoint) {
  ScratchDir dir;
  const std::string path = dir.file("speed.fdrec");
  const Scenario scenario = shop_scenario();
  MetricStore metrics;
  RunJournal journal;
  std::vector<SeriesId> ids;
  for (int s = 0; s < series; ++s) {
    ids.push_back(metrics.intern("requests_total", {{"service", "svc-" + std::to_string(s % 40)},
                                                    {"code", std::to_string(200 + s / 40)}}));
  }
  double in_recorder = 0;
  auto start = std::chrono::steady_clock::now();
  auto recorder = Recorder::create(path, info_for(scenario), scenario);
  in_recorder += seconds_since(start);
  int checkpoints = 0;
  for (int scrape = 1; scrape <= scrapes; ++scrape) {
    SimTime t = scrape * 15 * kSecond;
    for (int s = 0; s < series; ++s) metrics.append(ids[s], t, scrape * 3.0 + s * 0.001);
    if (scrape % scrapes_per_checkpoint == 0 && scrape < scrapes) {
      start = std::chrono::steady_clock::now();
      recorder->checkpoint(t, metrics, journal);
      in_recorder += seconds_since(start);
      ++checkpoints;
    }
  }
  start = std::chrono::steady_clock::now();
  recorder->finish(scrapes * 15 * kSecond, metrics, journal, {}, RunStatus::kComplete, "");
  double finish = seconds_since(start);
  in_recorder += finish;
  start = std::chrono::steady_clock::now();
  const Recording got = read_recording(path);
  double read = seconds_since(start);
  REQUIRE(got.metrics.sample_count() == metrics.sample_count());
  std::cout << metrics.sample_count() << " samples, " << series << " series, " << checkpoints + 1
            << " commits: recorder " << in_recorder << " s (finish " << finish
            << " s), read_recording " << read << " s, file "
            << std::filesystem::file_size(path) / 1e6 << " MB\n";
}

}  // namespace

TEST_CASE("recording and reading two million samples", "[.speed]") {
  measure(2000, 1000, 1000);  // one checkpoint (finish only)
  measure(4200, 480, 1);      // 2h at 15 s scrapes, a checkpoint per scrape
  measure(350, 5760, 4);      // 24h, a checkpoint per simulated minute
  measure(350, 5760, 1);      // 24h, a checkpoint per scrape
}
