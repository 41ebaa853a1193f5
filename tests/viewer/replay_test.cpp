// open_replay on a real recording (the bundled shop, simulated here), and on
// files that are not good recordings.
#include <catch2/catch.hpp>

#include <fstream>

#include "sim/alerting/rule_file.h"
#include "sim/base/input_error.h"
#include "sim/run/run.h"
#include "sim/scenario/loader.h"
#include "support/scratch_dir.h"
#include "viewer/replay/replay.h"

using namespace firedrill;
using namespace firedrill::viewer;
using firedrill::testing::ScratchDir;

TEST_CASE("a replay of the shop has every service's series on the scrape grid",
          "[viewer][replay]") {
  ScratchDir dir;
  const Scenario scenario = load_scenario(std::string(FIREDRILL_SOURCE_DIR) + "/scenarios/shop");
  RunOptions options;
  options.until = 5 * kMinute;
  options.recording_path = dir.file("shop.fdrec");
  REQUIRE(run_scenario(scenario, options).status == RunStatus::kComplete);

  const Replay replay = open_replay(options.recording_path);
  REQUIRE(replay.scenario);
  CHECK(replay.scenario_error.empty());
  CHECK(replay.end() == 5 * kMinute);
  CHECK(replay.series.step == scenario.scrape_interval);
  CHECK(replay.series.scrapes ==
        static_cast<std::size_t>(5 * kMinute / scenario.scrape_interval) + 1);
  REQUIRE(replay.series.services.size() == scenario.services.size());
  const auto frontend = replay.find_service("frontend");
  REQUIRE(frontend);
  const ServiceSeries& s = replay.series.services[*frontend];
  const std::size_t k = replay.series.index_at(4 * kMinute);
  CHECK(s.request_rate[k] > 0);
  CHECK(s.replicas_up[k] == s.replicas_desired[k]);
  CHECK(replay.series.edges.size() > 0);
  CHECK(replay.root_causes.empty());  // the shop has no incident
  CHECK_FALSE(replay.find_service("no-such-service"));
}

TEST_CASE("opening a file that is not a recording names the file", "[viewer][replay]") {
  ScratchDir dir;
  const std::string path = dir.file("garbage.fdrec");
  std::ofstream(path) << "this is not a recording at all, just some text";
  try {
    open_replay(path);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains(path));
  }
  CHECK_THROWS_AS(open_replay(dir.file("missing.fdrec")), InputError);
}

TEST_CASE("a replay of a run --rules recording uses the team's rules, as the run did",
          "[viewer][replay][alerts]") {
  ScratchDir dir;
  Scenario scenario = load_scenario(std::string(FIREDRILL_SOURCE_DIR) + "/scenarios/shop");
  // What `run --rules team.yml` does: the team's rules replace the
  // scenario's, and the file is recorded among the sources.
  const std::string team = R"(groups:
  - name: team
    rules:
      - alert: TeamMemoryHigh
        expr: max by (service) (memory_bytes{service="cart"}) > 3e8
        labels: {severity: ticket}
)";
  scenario.alert_rules = parse_rule_file(team, "team.yml");
  scenario.sources.push_back(recorded_rule_file("team.yml", team));
  RunOptions options;
  options.until = 2 * kMinute;
  options.recording_path = dir.file("team.fdrec");
  REQUIRE(run_scenario(scenario, options).status == RunStatus::kComplete);

  const Replay replay = open_replay(options.recording_path);
  REQUIRE(replay.scenario);
  CHECK(replay.rule_files == std::vector<std::string>{"team.yml"});
  REQUIRE(replay.scenario->alert_rules.size() == 1);
  CHECK(replay.scenario->alert_rules[0].name == "team");
  REQUIRE(replay.thresholds.size() == 1);
  CHECK(replay.thresholds[0].alert == "TeamMemoryHigh");
  CHECK(replay.thresholds[0].plot == PlotKind::kMemory);
  CHECK(replay.thresholds[0].value == 3e8);

  // A run with the scenario's own rules names no rule file.
  RunOptions own = options;
  own.recording_path = dir.file("own.fdrec");
  REQUIRE(run_scenario(load_scenario(std::string(FIREDRILL_SOURCE_DIR) + "/scenarios/shop"), own)
              .status == RunStatus::kComplete);
  CHECK(open_replay(own.recording_path).rule_files.empty());
}
