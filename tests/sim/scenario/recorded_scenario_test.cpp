// load_recorded_scenario: the scenario a recording ran, loaded from the files
// it recorded without touching the disk, equals what load_scenario gave.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/record/recording.h"
#include "sim/scenario/loader.h"
#include "support/scratch_dir.h"

using namespace firedrill;

namespace {

using Problems = std::vector<std::string>;

// Every bundled scenario folder, in name order.
std::vector<std::string> bundled_scenarios() {
  std::vector<std::string> out;
  const std::filesystem::path root = std::filesystem::path(FIREDRILL_SOURCE_DIR) / "scenarios";
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (std::filesystem::exists(entry.path() / "scenario.yaml"))
      out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Problems problems_of(const std::vector<ScenarioSource>& sources, const std::string& recording) {
  try {
    load_recorded_scenario(sources, recording);
  } catch (const InputError& e) {
    Problems out;
    for (const Diagnostic& d : e.diagnostics()) out.push_back(d.str());
    return out;
  }
  return {"(loaded without error)"};
}

std::size_t rule_count(const Scenario& s) {
  std::size_t n = 0;
  for (const RuleGroupSpec& g : s.alert_rules) n += g.rules.size();
  return n;
}

void check_same_fix(const FixSpec& a, const FixSpec& b) {
  CHECK(a.mitigation == b.mitigation);
  CHECK(a.args == b.args);
  CHECK(a.service == b.service);
  CHECK(a.service_index == b.service_index);
  CHECK(a.where.line == b.where.line);
  CHECK(a.where.column == b.where.column);
}

// Checks that `got` (loaded from a recording) is `want` (loaded from disk).
void check_same_scenario(const Scenario& want, const Scenario& got) {
  REQUIRE(got.sources.size() == want.sources.size());
  for (std::size_t i = 0; i < want.sources.size(); ++i) {
    CHECK(got.sources[i].path == want.sources[i].path);
    CHECK(got.sources[i].content == want.sources[i].content);
  }
  CHECK(scenario_hash(got.sources) == scenario_hash(want.sources));

  CHECK(got.name == want.name);
  CHECK(got.title == want.title);
  CHECK(got.briefing == want.briefing);
  CHECK(got.duration == want.duration);
  CHECK(got.seed == want.seed);
  CHECK(got.scrape_interval == want.scrape_interval);
  CHECK(got.start_of_day == want.start_of_day);
  CHECK(got.evaluation_interval == want.evaluation_interval);
  CHECK(got.teams.size() == want.teams.size());
  REQUIRE(got.services.size() == want.services.size());
  for (std::size_t i = 0; i < want.services.size(); ++i) {
    CHECK(got.services[i].name == want.services[i].name);
    CHECK(got.services[i].calls.size() == want.services[i].calls.size());
    CHECK(got.services[i].where.line == want.services[i].where.line);
  }
  CHECK(got.traffic.size() == want.traffic.size());
  CHECK(got.alert_rules.size() == want.alert_rules.size());
  CHECK(rule_count(got) == rule_count(want));
  CHECK(got.routing.has_value() == want.routing.has_value());
  CHECK(got.warnings.size() == want.warnings.size());

  REQUIRE(got.faults.has_value() == want.faults.has_value());
  if (want.faults) {
    CHECK(got.faults->path == want.faults->path);
    CHECK(got.faults->text == want.faults->text);
  }
  REQUIRE(got.responder.has_value() == want.responder.has_value());
  if (want.responder) CHECK(got.responder->text == want.responder->text);

  REQUIRE(got.incident.has_value() == want.incident.has_value());
  if (want.incident) {
    CHECK(got.incident->severity == want.incident->severity);
    CHECK(got.incident->root_cause_service == want.incident->root_cause_service);
    CHECK(got.incident->root_cause_fault == want.incident->root_cause_fault);
    CHECK(got.incident->team == want.incident->team);
    CHECK(got.incident->start == want.incident->start);
    CHECK(got.incident->start_given == want.incident->start_given);
    CHECK(got.incident->summary == want.incident->summary);
    REQUIRE(got.incident->fixes.size() == want.incident->fixes.size());
    for (std::size_t i = 0; i < want.incident->fixes.size(); ++i) {
      check_same_fix(got.incident->fixes[i], want.incident->fixes[i]);
    }
  }

  CHECK(got.scoring_given == want.scoring_given);
  CHECK(got.scoring.minimum == want.scoring.minimum);
  CHECK(got.scoring.slo.service == want.scoring.slo.service);
  CHECK(got.scoring.slo.objective == want.scoring.slo.objective);
  CHECK(got.scoring.slo.latency == want.scoring.slo.latency);
  CHECK(got.scoring.slo.window == want.scoring.slo.window);
  REQUIRE(got.scoring.acceptable.size() == want.scoring.acceptable.size());
  for (std::size_t i = 0; i < want.scoring.acceptable.size(); ++i) {
    check_same_fix(got.scoring.acceptable[i], want.scoring.acceptable[i]);
  }
}

// A scenario whose files exist nowhere on disk, only in its sources.
std::vector<ScenarioSource> inline_sources() {
  return {{"drill.yaml", R"(firedrill: 1
name: recorded
title: Only in a recording
services:
  web: {}
traffic:
  - {entry: web, rate: 10/s}
faults: lua/faults-nowhere-on-disk.lua
alerts: alerts-nowhere-on-disk.yml
)"},
          {"lua/faults-nowhere-on-disk.lua", "-- nothing happens\n"},
          {"alerts-nowhere-on-disk.yml", R"(groups:
  - name: web
    rules:
      - alert: WebDown
        expr: up{service="web"} == 0
)"}};
}

}  // namespace

TEST_CASE("every bundled scenario loads back from its recorded sources", "[scenario][record]") {
  const std::vector<std::string> folders = bundled_scenarios();
  REQUIRE(folders.size() >= 5);
  for (const std::string& folder : folders) {
    CAPTURE(folder);
    const Scenario want = load_scenario(folder);
    const Scenario got = load_recorded_scenario(want.sources, "runs/drill.fdrec");
    check_same_scenario(want, got);
    REQUIRE_FALSE(got.services.empty());
    CHECK(got.services[0].where.file == "runs/drill.fdrec: scenario.yaml");
    // Loading the recorded sources again gives them back unchanged.
    CHECK(scenario_hash(load_recorded_scenario(got.sources, "again.fdrec").sources) ==
          scenario_hash(want.sources));
  }
}

TEST_CASE("a scenario loads back from a recording file", "[scenario][record]") {
  firedrill::testing::ScratchDir dir;
  const std::string path = dir.file("run.fdrec");
  const Scenario want =
      load_scenario(std::string(FIREDRILL_SOURCE_DIR) + "/scenarios/checkout-memory-leak");
  RunInfo info;
  info.engine_version = "test";
  info.scenario_name = want.name;
  info.scenario_title = want.title;
  info.scenario_hash = scenario_hash(want.sources);
  info.seed = want.seed;
  info.duration = want.duration;
  info.scrape_interval = want.scrape_interval;
  info.start_of_day = want.start_of_day;
  auto recorder = Recorder::create(path, info, want);
  recorder->finish(0, MetricStore{}, RunJournal{}, {}, RunStatus::kComplete, "");
  recorder.reset();

  const Recording recording = read_recording(path);
  const Scenario got = load_recorded_scenario(recording.sources, path);
  check_same_scenario(want, got);
  CHECK(scenario_hash(got.sources) == recording.info.scenario_hash);
}

TEST_CASE("a recorded scenario is read from its sources, never from the disk",
          "[scenario][record]") {
  const std::vector<ScenarioSource> sources = inline_sources();
  const Scenario s = load_recorded_scenario(sources, "run.fdrec");
  REQUIRE(s.faults);
  CHECK(s.faults->path == "lua/faults-nowhere-on-disk.lua");
  CHECK(s.faults->text == "-- nothing happens\n");
  CHECK(rule_count(s) == 1);
  REQUIRE(s.sources.size() == 3);
  CHECK(s.sources[0].path == "drill.yaml");
  CHECK(s.sources[1].path == "lua/faults-nowhere-on-disk.lua");
  CHECK(s.sources[2].path == "alerts-nowhere-on-disk.yml");
  CHECK(scenario_hash(s.sources) == scenario_hash(sources));
  CHECK(s.scoring.slo.service == "web");
}

TEST_CASE("a recorded scenario's problems name the recording and the file", "[scenario][record]") {
  // A file the YAML names that the recording lacks, at the key naming it.
  const Scenario leak =
      load_scenario(std::string(FIREDRILL_SOURCE_DIR) + "/scenarios/checkout-memory-leak");
  REQUIRE(leak.faults);
  std::vector<ScenarioSource> sources = leak.sources;
  sources.erase(std::remove_if(sources.begin(), sources.end(),
                               [](const ScenarioSource& s) { return s.path == "faults.lua"; }),
                sources.end());
  CHECK(problems_of(sources, "run.fdrec") ==
        Problems{"run.fdrec: scenario.yaml:" + std::to_string(leak.faults->where.line) + ":" +
                 std::to_string(leak.faults->where.column) +
                 ": error: the recording has no 'faults.lua'"});

  // A problem in the recorded YAML, at its line and column.
  std::vector<ScenarioSource> bad = inline_sources();
  bad[0].content += "scoring: {minimum: 101}\n";
  CHECK(
      problems_of(bad, "run.fdrec") ==
      Problems{"run.fdrec: drill.yaml:10:20: error: 'minimum' must be between 0 and 100, got 101"});

  // A problem in a recorded rule file, at its own line.
  bad = inline_sources();
  bad[2].content = "groups:\n  - name: web\n    rules:\n      - alert: WebDown\n";
  const Problems in_rules = problems_of(bad, "run.fdrec");
  REQUIRE(in_rules.size() == 1);
  CHECK(in_rules[0].rfind("run.fdrec: alerts-nowhere-on-disk.yml:4:", 0) == 0);

  // Nothing outside the scenario's folder, as when loading from disk.
  bad = inline_sources();
  bad[0].content += "responder: ../responder.lua\n";
  bad.push_back({"../responder.lua", "-- sneaky\n"});
  CHECK(problems_of(bad, "run.fdrec") ==
        Problems{"run.fdrec: drill.yaml:10:12: error: 'responder' must name a file in the "
                 "scenario's folder (a relative path without '..'), got '../responder.lua'"});

  CHECK(problems_of({}, "run.fdrec") ==
        Problems{"run.fdrec: error: the recording holds no scenario file"});
}

TEST_CASE("rule files recorded by run --rules replace the scenario's alerts when it loads back",
          "[scenario][record][alerts]") {
  std::vector<ScenarioSource> sources = inline_sources();
  sources.push_back(recorded_rule_file("team.yml", R"(groups:
  - name: team
    rules:
      - alert: WebSlow
        expr: up{service="web"} < 1
        for: 1m
      - alert: WebGone
        expr: absent(up{service="web"})
)"));
  CHECK(sources.back().path == "--rules team.yml");
  CHECK(recorded_rule_file_name(sources.back()) == std::optional<std::string>("team.yml"));
  CHECK_FALSE(recorded_rule_file_name(sources.front()));

  const Scenario s = load_recorded_scenario(sources, "run.fdrec");
  REQUIRE(s.alert_rules.size() == 1);
  CHECK(s.alert_rules[0].name == "team");
  REQUIRE(s.alert_rules[0].rules.size() == 2);
  CHECK(s.alert_rules[0].rules[0].name == "WebSlow");
  // Every recorded source is kept, so the hash is the recording's.
  CHECK(s.sources.size() == 4);
  CHECK(scenario_hash(s.sources) == scenario_hash(sources));

  // A problem in a recorded rule file names the recording and the file.
  sources.back().content = "groups:\n  - name: team\n    rules:\n      - alert: WebSlow\n";
  const Problems problems = problems_of(sources, "run.fdrec");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].rfind("run.fdrec: team.yml:4:", 0) == 0);
}
