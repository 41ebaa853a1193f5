// `firedrill run SCENARIO --seeds ...`: statistics over seeds, each simulated
// in memory on a thread. The seed list and its errors, a report that does
// not depend on the number of threads, failing seeds, nothing recorded.
// The scenarios (tests/data/scenarios/scored) run 20 simulated minutes of one
// service: a few hundredths of a second each.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "command_runner.h"

using namespace firedrill::testing;

namespace {

std::string scored_scenario(const std::string& name) {
  return "'" + std::string(FIREDRILL_TEST_DATA) + "/scenarios/scored/" + name + "'";
}

}  // namespace

TEST_CASE("run --seeds prints the same report with one thread or two", "[cli][seeds]") {
  ScratchDir dir;
  const std::string scenario = scored_scenario("quick-fix");
  const CommandResult one = run_firedrill("run " + scenario + " --seeds 1..4 -j 1", dir);
  const CommandResult two = run_firedrill("run " + scenario + " --seeds 1..4 -j 2", dir);
  INFO(one.err << two.err);
  REQUIRE(one.exit_code == 0);
  REQUIRE(two.exit_code == 0);
  CHECK(one.out == two.out);
  CHECK_THAT(one.out,
             Catch::Contains("seeds 1..4: 4 runs of 20m") && Catch::Contains("time to detect") &&
                 Catch::Contains("time to acknowledge") && Catch::Contains("time to mitigate") &&
                 Catch::Contains("score (of 100)") && Catch::Contains("nothing is recorded"));
  CHECK_THAT(one.err, Catch::Contains("4 seeds in") && Catch::Contains("on 1 thread"));
  CHECK_THAT(two.err, Catch::Contains("on 2 threads"));
  // Nothing was recorded: no runs/ folder, no recording.
  CHECK_FALSE(std::filesystem::exists(dir.path() / "runs"));

  const CommandResult json_one =
      run_firedrill("run " + scenario + " --seeds 1..4 -j 1 --json", dir);
  const CommandResult json_two =
      run_firedrill("run " + scenario + " --seeds 1..4 -j 2 --json", dir);
  REQUIRE(json_one.exit_code == 0);
  CHECK(json_one.out == json_two.out);
}

TEST_CASE("run --seeds --json gives a row per seed, sorted, and the summary", "[cli][seeds]") {
  ScratchDir dir;
  const CommandResult r =
      run_firedrill("run " + scored_scenario("quick-fix") + " --seeds 9,3..4,4 -j 2 --json", dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["scenario"] == "quick-fix");
  CHECK(j["seeds"] == "9,3..4,4");
  CHECK(j["runs"] == 3);  // 4 once
  CHECK(j["failed"] == 0);
  CHECK(j["recorded"] == false);
  CHECK(j["responder"]["script"] == "responder.lua");
  REQUIRE(j["per_seed"].size() == 3);
  CHECK(j["per_seed"][0]["seed"] == "3");
  CHECK(j["per_seed"][1]["seed"] == "4");
  CHECK(j["per_seed"][2]["seed"] == "9");
  for (const auto& row : j["per_seed"]) {
    CHECK(row["status"] == "scored");
    CHECK(row["score"].get<int>() >= 70);  // the reference responder fixes it on every seed
    CHECK(row["max"] == 100);
    CHECK(row["paged"] == true);
    CHECK(row["time_to_detect_seconds"].get<double>() > 0);
    CHECK(row["time_to_acknowledge_seconds"].get<double>() >= 15);
    CHECK(row["time_to_mitigate_seconds"].get<double>() > 0);
    CHECK(row["baseline_breached"] == true);
  }
  const auto& score = j["summary"]["score"];
  CHECK(score["count"] == 3);
  CHECK(score["min"].get<double>() <= score["median"].get<double>());
  CHECK(score["median"].get<double>() <= score["max"].get<double>());
  const auto& detect = j["summary"]["time_to_detect_seconds"];
  CHECK(detect["missed"] == 0);
  CHECK(detect["p90"].get<double>() <= detect["max"].get<double>());
}

TEST_CASE("run --seeds --no-responder counts the milestones nobody reached", "[cli][seeds]") {
  ScratchDir dir;
  const CommandResult r = run_firedrill(
      "run " + scored_scenario("quick-fix") + " --seeds 1..3 --no-responder --json", dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["responder"].is_null());
  CHECK(j["summary"]["time_to_detect_seconds"]["count"] == 0);
  CHECK(j["summary"]["time_to_detect_seconds"]["missed"] == 3);
  CHECK(j["summary"]["time_to_detect_seconds"]["median"].is_null());
  CHECK(j["summary"]["time_to_mitigate_seconds"]["missed"] == 3);
  CHECK(j["summary"]["breached"] == 3);
  CHECK(j["per_seed"][0]["time_to_detect_seconds"].is_null());

  const CommandResult text =
      run_firedrill("run " + scored_scenario("quick-fix") + " --seeds 1..3 --no-responder", dir);
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("responder: none") && Catch::Contains("3 of 3"));
}

TEST_CASE("run --seeds reports a failing seed with its error and still reports the others",
          "[cli][seeds]") {
  ScratchDir dir;
  // flaky-responder's bot raises an error on seeds 2 and 3, not on 1.
  const std::string scenario = scored_scenario("flaky-responder");
  const CommandResult r = run_firedrill("run " + scenario + " --seeds 1..3 -j 2", dir);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("failed: 2 of 3 seeds") && Catch::Contains("seed 2: ") &&
                        Catch::Contains("seed 3: ") &&
                        Catch::Contains("responder.lua:5: unlucky seed"));
  CHECK_THAT(r.out, !Catch::Contains("seed 1: "));
  CHECK_THAT(r.out, Catch::Contains("time to detect"));  // seed 1 is still reported
  CHECK_THAT(r.err, Catch::Contains("2 of 3 seeds failed"));

  const CommandResult j = run_firedrill("run " + scenario + " --seeds 1..3 --json", dir);
  CHECK(j.exit_code == 1);
  const auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["failed"] == 2);
  CHECK(doc["per_seed"][0]["status"] == "scored");
  CHECK(doc["per_seed"][1]["status"] == "failed");
  CHECK_THAT(doc["per_seed"][1]["error"].get<std::string>(),
             Catch::Contains("unlucky seed: <bad>"));
  CHECK(doc["summary"]["score"]["count"] == 1);
}

TEST_CASE("run --seeds rejects a bad seed list with a usage error", "[cli][seeds]") {
  ScratchDir dir;
  const std::string scenario = scored_scenario("quick-fix");
  struct Case {
    std::string seeds;
    std::string message;
  };
  const Case cases[] = {
      {"5..2", "the range '5..2' ends before it starts"},
      {"x", "'x' is not a seed or a range of seeds"},
      {"1,,3", "empty item in '1,,3'"},
      {"1..", "'1..' is not a seed"},
      {"-3", "'-3' is not a seed"},
      {"1..2..3", "'1..2..3' is not a seed"},
      {"99999999999999999999", "'99999999999999999999' is too large for a seed"},
      {"1..200000", "more than 100000 seeds"},
      {"", "no seeds given"},
  };
  for (const Case& c : cases) {
    INFO("--seeds '" << c.seeds << "'");
    const CommandResult r = run_firedrill("run " + scenario + " --seeds '" + c.seeds + "'", dir);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--seeds: " + c.message));
    CHECK(r.out.empty());
  }
}

TEST_CASE("run --seeds refuses --out, --seed and --actions, and -j needs --seeds", "[cli][seeds]") {
  ScratchDir dir;
  const std::string scenario = scored_scenario("quick-fix");
  const CommandResult out = run_firedrill("run " + scenario + " --seeds 1..2 --out x.fdrec", dir);
  CHECK(out.exit_code == 2);
  CHECK_THAT(out.err, Catch::Contains("--out: --seeds records nothing"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "x.fdrec"));
  CHECK(run_firedrill("run " + scenario + " --seeds 1..2 --seed 3", dir).exit_code == 2);
  const CommandResult jobs = run_firedrill("run " + scenario + " -j 2", dir);
  CHECK(jobs.exit_code == 2);
  CHECK_THAT(jobs.err, Catch::Contains("--seeds"));
  CHECK(run_firedrill("run " + scenario + " --seeds 1..2 -j 0", dir).exit_code == 2);
}

TEST_CASE("run --seeds on a scenario without an incident says there is nothing to score",
          "[cli][seeds]") {
  ScratchDir dir;
  const CommandResult r = run_firedrill("run '" + std::string(FIREDRILL_TEST_DATA) +
                                            "/scenarios/good/minimal.yaml' --seeds 1..2 "
                                            "--until 2m",
                                        dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("seeds 1..2: 2 runs of 2m") &&
                        Catch::Contains("no `incident:`: there is nothing to detect"));
}
