// Same inputs, same bytes: a recording is a function of what the run wrote,
// never of the wall clock, the file's name or what was at the path before.
#include <catch2/catch.hpp>

#include "sim/record/recording.h"
#include "tests/sim/record/record_test_support.h"

using namespace firedrill;
using namespace firedrill::record_test;

namespace {

// Writes the same small run, with three checkpoints, to `path`.
void write_run(const std::string& path) {
  const Scenario scenario = shop_scenario();
  MetricStore metrics;
  RunJournal journal;
  auto recorder = Recorder::create(path, info_for(scenario), scenario);
  for (int checkpoint = 1; checkpoint <= 3; ++checkpoint) {
    for (int scrape = 0; scrape < 40; ++scrape) {
      SimTime t = ((checkpoint - 1) * 40 + scrape + 1) * 15 * kSecond;
      for (int s = 0; s < 20 * checkpoint; ++s) {  // new series at each checkpoint
        auto id = metrics.intern("queue_depth", {{"service", "svc-" + std::to_string(s)}});
        metrics.append(id, t, static_cast<double>(s * scrape) / 7.0);
      }
    }
    SimTime now = checkpoint * 40 * 15 * kSecond;
    journal.events.push_back({now, "replica_up", "checkout", "checkout-1", {{"after", "20s"}}});
    journal.logs.push_back({now, "checkout", "checkout-1", LogLevel::kInfo, "ready"});
    journal.changes.push_back({now, "checkout", "config", "", "raise pool size"});
    recorder->checkpoint(now, metrics, journal);
  }
  recorder->finish(30 * kMinute, metrics, journal, {{"checkout", 10, 1, 0.5, 1, 2, 0, 0}},
                   RunStatus::kComplete, "");
}

}  // namespace

TEST_CASE("the same run gives a byte-identical recording", "[record]") {
  ScratchDir dir;
  const std::string first = dir.file("first.fdrec");
  const std::string second = dir.file("second-with-another-name.fdrec");
  write_run(first);
  // A different file at the second path beforehand must leave no trace.
  write_bytes(second, std::string(100000, 'x'));
  write_run(second);

  const std::string a = read_bytes(first);
  const std::string b = read_bytes(second);
  REQUIRE(a.size() > 4096);
  CHECK(a.size() == b.size());
  CHECK(a == b);
  // And the bytes are a valid recording.
  CHECK(read_recording(second).metrics.sample_count() == 40 * (20 + 40 + 60));
}
