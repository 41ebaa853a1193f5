// The `alerts:` key: a Prometheus rule file beside the scenario (recorded
// and hashed with it) or the same content inline, and errors placed at the
// line and column of the file they are in.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "sim/base/input_error.h"
#include "sim/record/recording.h"
#include "sim/scenario/loader.h"
#include "support/scratch_dir.h"

using namespace firedrill;
using firedrill::testing::ScratchDir;

namespace {

// Seven lines: `alerts:` and `evaluation_interval:` go on line 8.
constexpr const char* kHeader =
    "firedrill: 1\n"
    "name: alerting\n"
    "title: With alerts\n"
    "services:\n"
    "  web: {}\n"
    "traffic:\n"
    "  - {entry: web, rate: 1/s}\n";

constexpr const char* kRules =
    "groups:\n"
    "  - name: availability\n"
    "    interval: 30s\n"
    "    rules:\n"
    "      - record: web:up\n"
    "        expr: replicas_up{service=\"web\"}\n"
    "      - alert: WebDown\n"
    "        expr: web:up == 0\n"
    "        for: 2m\n";

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string first_error(const std::string& path) {
  try {
    load_scenario(path);
  } catch (const InputError& e) {
    return e.first().str();
  }
  return "";
}

}  // namespace

TEST_CASE("alerts names a rule file beside the scenario, recorded and hashed with it",
          "[scenario][alerts]") {
  ScratchDir dir;
  write(dir.file("scenario.yaml"), std::string(kHeader) + "alerts: alerts.yml\n");
  write(dir.file("alerts.yml"), kRules);
  const Scenario s = load_scenario(dir.path().string());
  REQUIRE(s.alert_rules.size() == 1);
  const RuleGroupSpec& g = s.alert_rules[0];
  CHECK(g.name == "availability");
  CHECK(g.interval == 30 * kSecond);
  REQUIRE(g.rules.size() == 2);
  CHECK(g.rules[0].kind == RuleSpec::Kind::kRecord);
  CHECK(g.rules[0].name == "web:up");
  CHECK(g.rules[1].kind == RuleSpec::Kind::kAlert);
  CHECK(g.rules[1].name == "WebDown");
  CHECK(g.rules[1].expr_text == "web:up == 0");
  CHECK(g.rules[1].expr != nullptr);
  CHECK(g.rules[1].for_duration == 2 * kMinute);
  // Rule locations are in the rule file: `- alert:` is on its line 7, column 9.
  CHECK(g.rules[1].where.line == 7);
  CHECK(g.rules[1].where.column == 9);
  CHECK(s.evaluation_interval == kMinute);  // the default

  REQUIRE(s.sources.size() == 2);
  CHECK(s.sources[0].path == "scenario.yaml");
  CHECK(s.sources[1].path == "alerts.yml");
  CHECK(s.sources[1].content == kRules);
  // The rule file is part of the scenario: changing it changes the hash.
  const std::string hash = scenario_hash(s.sources);
  write(dir.file("alerts.yml"), std::string(kRules) + "        labels: {severity: page}\n");
  const Scenario changed = load_scenario(dir.path().string());
  CHECK(changed.alert_rules[0].rules[1].labels.size() == 1);
  CHECK(scenario_hash(changed.sources) != hash);
}

TEST_CASE("alerts and faults are recorded after the scenario, faults first", "[scenario][alerts]") {
  ScratchDir dir;
  write(dir.file("scenario.yaml"),
        std::string(kHeader) + "alerts: alerts.yml\nfaults: faults.lua\n");
  write(dir.file("alerts.yml"), kRules);
  write(dir.file("faults.lua"), "-- nothing\n");
  const Scenario s = load_scenario(dir.path().string());
  REQUIRE(s.sources.size() == 3);
  CHECK(s.sources[0].path == "scenario.yaml");
  CHECK(s.sources[1].path == "faults.lua");
  CHECK(s.sources[2].path == "alerts.yml");
}

TEST_CASE("alerts inline holds the rule groups in the scenario itself", "[scenario][alerts]") {
  const std::string yaml = std::string(kHeader) +
                           "evaluation_interval: 20s\n"
                           "alerts:\n"
                           "  groups:\n"
                           "    - name: g\n"
                           "      rules:\n"
                           "        - alert: WebDown\n"
                           "          expr: replicas_up{service=\"web\"} == 0\n"
                           "          keep_firing_for: 5m\n"
                           "          annotations: {summary: '{{ $labels.service }} is down'}\n";
  const Scenario s = load_scenario_text(yaml, "dir/scenario.yaml");
  CHECK(s.evaluation_interval == 20 * kSecond);
  REQUIRE(s.alert_rules.size() == 1);
  CHECK(s.alert_rules[0].name == "g");
  CHECK(s.alert_rules[0].interval == 0);
  REQUIRE(s.alert_rules[0].rules.size() == 1);
  const RuleSpec& r = s.alert_rules[0].rules[0];
  CHECK(r.name == "WebDown");
  CHECK(r.keep_firing_for == 5 * kMinute);
  REQUIRE(r.annotations.size() == 1);
  CHECK(r.annotations[0].name == "summary");
  CHECK(r.where.file == "dir/scenario.yaml");
  CHECK(r.where.line == 13);
  // Inline rules are part of scenario.yaml: no other source.
  REQUIRE(s.sources.size() == 1);
  CHECK(s.sources[0].path == "scenario.yaml");
}

TEST_CASE("a bad expression inline is reported at its character in the scenario",
          "[scenario][alerts]") {
  ScratchDir dir;
  const std::string yaml = dir.file("scenario.yaml");
  write(yaml, std::string(kHeader) +
                  "alerts:\n"
                  "  groups:\n"
                  "    - name: g\n"
                  "      rules:\n"
                  "        - alert: A\n"
                  "          expr: up == == 1\n");
  // Line 13; the expression starts at column 17, the second '==' (offset 6)
  // is at column 23.
  CHECK(first_error(yaml) ==
        yaml +
            ":13:23: error: could not parse the expression of alerting rule 'A': "
            "unexpected <op:==>");
}

TEST_CASE("a bad expression in the rule file is reported in that file", "[scenario][alerts]") {
  ScratchDir dir;
  const std::string yaml = dir.file("scenario.yaml");
  write(yaml, std::string(kHeader) + "alerts: alerts.yml\n");
  write(dir.file("alerts.yml"),
        "groups:\n"
        "  - name: g\n"
        "    rules:\n"
        "      - alert: A\n"
        "        expr: up == == 1\n");
  // alerts.yml line 5: the expression starts at column 15, the second '==' at 21.
  CHECK(
      first_error(yaml) ==
      dir.file("alerts.yml") +
          ":5:21: error: could not parse the expression of alerting rule 'A': unexpected <op:==>");
}

TEST_CASE("a missing, empty or outside alerts file is an error at the key", "[scenario][alerts]") {
  ScratchDir dir;
  const std::string yaml = dir.file("scenario.yaml");
  write(yaml, std::string(kHeader) + "alerts: nowhere.yml\n");
  CHECK(first_error(yaml) == yaml + ":8:9: error: cannot read 'nowhere.yml' (" +
                                 dir.file("nowhere.yml") + "): no such file");
  write(yaml, std::string(kHeader) + "alerts: ''\n");
  CHECK(first_error(yaml) ==
        yaml + ":8:9: error: 'alerts' must name a Prometheus rule file, e.g. alerts.yml");
  write(yaml, std::string(kHeader) + "alerts: ../alerts.yml\n");
  CHECK(first_error(yaml) == yaml +
                                 ":8:9: error: 'alerts' must name a file in the scenario's folder "
                                 "(a relative path without '..'), got '../alerts.yml'");
  write(yaml, std::string(kHeader) + "alerts: rules/../../alerts.yml\n");
  CHECK_THAT(first_error(yaml), Catch::StartsWith(yaml + ":8:9: error: 'alerts' must name a file "
                                                         "in the scenario's folder"));
  write(yaml, std::string(kHeader) + "alerts: /etc/passwd\n");
  CHECK_THAT(first_error(yaml), Catch::StartsWith(yaml + ":8:9: error: 'alerts' must name a file "
                                                         "in the scenario's folder"));
}

TEST_CASE("alerts must be a file name or a map, evaluation_interval positive",
          "[scenario][alerts]") {
  ScratchDir dir;
  const std::string yaml = dir.file("scenario.yaml");
  write(yaml, std::string(kHeader) + "alerts: []\n");
  CHECK(first_error(yaml) ==
        yaml +
            ":8:9: error: expected a Prometheus rule file name (e.g. alerts.yml) or a map with "
            "'groups' for 'alerts', got a list");
  write(yaml, std::string(kHeader) + "evaluation_interval: 0s\n");
  CHECK(first_error(yaml) == yaml + ":8:22: error: 'evaluation_interval' must be greater than 0");
}
