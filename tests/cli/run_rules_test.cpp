// `firedrill run --rules FILE` and alerting in the CLI: the alerts section
// of the text report, the JSON alerts array, what the recording holds, and
// errors in rules placed at file:line:column.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "command_runner.h"
#include "sim/base/sha256.h"
#include "sim/metrics/metric_store.h"
#include "sim/record/recording.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// web (2 replicas, 30s startup) is held down from 3m to 6m by its fault
// script; it takes traffic again at 6m30s. The scenario's own alert (always
// firing) is what --rules replaces.
void write_tiny_scenario(const ScratchDir& dir) {
  std::filesystem::create_directory(dir.file("tiny"));
  write(dir.file("tiny/scenario.yaml"),
        "firedrill: 1\n"
        "name: tiny\n"
        "title: Tiny\n"
        "duration: 10m\n"
        "services:\n"
        "  web: {replicas: 2, startup: 30s}\n"
        "traffic:\n"
        "  - {entry: web, rate: 5/s}\n"
        "faults: faults.lua\n"
        "alerts:\n"
        "  groups:\n"
        "    - name: scenario\n"
        "      rules:\n"
        "        - alert: ScenarioAlways\n"
        "          expr: vector(1)\n");
  write(dir.file("tiny/faults.lua"),
        "at('3m', function() service('web'):outage{fraction = 1} end)\n"
        "at('6m', function() service('web'):outage{fraction = 0} end)\n");
  write(dir.file("rules.yml"),
        "groups:\n"
        "  - name: availability\n"
        "    rules:\n"
        "      - alert: WebDown\n"
        "        expr: replicas_up{service=\"web\"} == 0\n"
        "        for: 1m\n"
        "        labels: {severity: page}\n"
        "        annotations:\n"
        "          summary: '{{ $labels.service }} is down'\n");
}

}  // namespace

// Expected timeline (evaluation every 1m, after the scrape of the same
// instant): the 3m scrape shows replicas_up 0, so WebDown is pending at 3m
// and fires at 4m (for: 1m); the 6m scrape still shows 0 (startup 30s), the
// 7m one shows 2: resolved at 7m.

TEST_CASE("run --rules evaluates the rule file instead of the scenario's alerts", "[cli][alerts]") {
  ScratchDir dir;
  write_tiny_scenario(dir);
  auto r = run_firedrill("run tiny --rules rules.yml --out a.fdrec", dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("\nalerts:\n"));
  // One line per firing and resolution, at its clock time, the labels
  // without alertname (the line shows it already).
  CHECK_THAT(r.out, Catch::Contains("\n  00:04:00.000  FIRING   WebDown {service=\"web\", "
                                    "severity=\"page\"}\n"
                                    "  00:07:00.000  resolved WebDown {service=\"web\", "
                                    "severity=\"page\"}\n"));
  CHECK_THAT(r.out, !Catch::Contains("ScenarioAlways"));

  // Without --rules, the scenario's own alert fires at once.
  auto own = run_firedrill("run tiny --out own.fdrec", dir);
  REQUIRE(own.exit_code == 0);
  CHECK_THAT(own.out, Catch::Contains("  00:00:00.000  FIRING   ScenarioAlways {}\n"));
  CHECK_THAT(own.out, !Catch::Contains("WebDown"));
}

TEST_CASE("run --rules --json lists the alert events", "[cli][alerts]") {
  ScratchDir dir;
  write_tiny_scenario(dir);
  auto r = run_firedrill("run tiny --rules rules.yml --json --out a.fdrec", dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["alerts"].is_array());
  REQUIRE(j["alerts"].size() == 3);
  const std::vector<std::pair<double, std::string>> expected = {
      {180, "alert_pending"}, {240, "alert_firing"}, {420, "alert_resolved"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& a = j["alerts"][i];
    INFO(a.dump());
    CHECK(a["t"].get<double>() == expected[i].first);
    CHECK(a["kind"] == expected[i].second);
    CHECK(a["alertname"] == "WebDown");
    CHECK(a["group"] == "availability");
    CHECK(a["value"] == "0");
    CHECK(a["labels"] == "{alertname=\"WebDown\", service=\"web\", severity=\"page\"}");
    CHECK(a["annotation.summary"] == "web is down");
  }
  CHECK(j["alerts"][1]["from"] == "pending");
}

TEST_CASE("the recording holds the alert events, the ALERTS series and the rule file",
          "[cli][alerts]") {
  ScratchDir dir;
  write_tiny_scenario(dir);
  REQUIRE(run_firedrill("run tiny --rules rules.yml --out a.fdrec", dir).exit_code == 0);
  const Recording rec = read_recording(dir.file("a.fdrec"));
  CHECK(rec.status == RunStatus::kComplete);
  std::vector<std::pair<SimTime, std::string>> alerts;
  for (const RunEvent& e : rec.journal.events) {
    if (e.kind.rfind("alert_", 0) == 0) {
      alerts.emplace_back(e.time, e.kind);
      CHECK(e.service == "web");
    }
  }
  CHECK(alerts == std::vector<std::pair<SimTime, std::string>>{{3 * kMinute, "alert_pending"},
                                                               {4 * kMinute, "alert_firing"},
                                                               {7 * kMinute, "alert_resolved"}});
  // ALERTS{alertstate="firing"}: 1 at the 4m, 5m and 6m evaluations, then a
  // staleness marker (NULL in the file) at 7m.
  const auto firing = rec.metrics.find("ALERTS", {{"alertname", "WebDown"},
                                                  {"alertstate", "firing"},
                                                  {"service", "web"},
                                                  {"severity", "page"}});
  REQUIRE(firing);
  const std::vector<Sample>& samples = rec.metrics.series(*firing).samples;
  REQUIRE(samples.size() == 4);
  for (int i = 0; i < 3; ++i) {
    CHECK(samples[i].time == (4 + i) * kMinute);
    CHECK(samples[i].value == 1);
  }
  CHECK(samples[3].time == 7 * kMinute);
  CHECK(is_stale_marker(samples[3].value));
  // The rule file changed the run, so it is recorded among the sources.
  REQUIRE(rec.sources.size() == 3);
  CHECK(rec.sources[0].path == "scenario.yaml");
  CHECK(rec.sources[1].path == "faults.lua");
  CHECK(rec.sources[2].path == "--rules rules.yml");
  CHECK(rec.sources[2].content == read_file(dir.file("rules.yml")));
}

TEST_CASE("the same run with --rules twice gives byte-identical recordings",
          "[cli][alerts][determinism]") {
  ScratchDir dir;
  write_tiny_scenario(dir);
  REQUIRE(run_firedrill("run tiny --rules rules.yml --out a.fdrec", dir).exit_code == 0);
  REQUIRE(run_firedrill("run tiny --rules rules.yml --out b.fdrec", dir).exit_code == 0);
  REQUIRE(run_firedrill("run tiny --out c.fdrec", dir).exit_code == 0);
  const std::string a = sha256_hex(read_file(dir.file("a.fdrec")));
  const std::string b = sha256_hex(read_file(dir.file("b.fdrec")));
  const std::string c = sha256_hex(read_file(dir.file("c.fdrec")));
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("a malformed rule file stops run with file:line:column", "[cli][alerts]") {
  ScratchDir dir;
  write_tiny_scenario(dir);
  write(dir.file("bad.yml"),
        "groups:\n"
        "  - name: g\n"
        "    rules:\n"
        "      - alert: A\n"
        "        expr: up == == 1\n");
  auto r = run_firedrill("run tiny --rules bad.yml --out a.fdrec", dir);
  CHECK(r.exit_code == 1);
  // Line 5; the expression starts at column 15, the second '==' is at 21.
  CHECK(r.err ==
        "bad.yml:5:21: error: could not parse the expression of alerting rule 'A': "
        "unexpected <op:==>\n");
  CHECK_FALSE(std::filesystem::exists(dir.file("a.fdrec")));
}

TEST_CASE("validate reports a bad alert expression at file:line:column", "[cli][alerts]") {
  ScratchDir dir;
  std::filesystem::create_directory(dir.file("bad"));
  write(dir.file("bad/scenario.yaml"),
        "firedrill: 1\n"
        "name: bad\n"
        "title: Bad\n"
        "services:\n"
        "  web: {}\n"
        "traffic:\n"
        "  - {entry: web, rate: 1/s}\n"
        "alerts:\n"
        "  groups:\n"
        "    - name: g\n"
        "      rules:\n"
        "        - alert: A\n"
        "          expr: sum(rate(requests_total[5m]) by (service)\n");
  auto r = run_firedrill("validate bad", dir);
  CHECK(r.exit_code == 1);
  // Line 13; the expression starts at column 17. `by` cannot follow an
  // argument inside sum(...): offset 29, column 46 (as Prometheus: 1:30).
  CHECK(r.err ==
        "bad/scenario.yaml:13:46: error: could not parse the expression of alerting rule 'A': "
        "unexpected <by>\n");
  auto run = run_firedrill("run bad --out a.fdrec", dir);
  CHECK(run.exit_code == 1);
  CHECK(run.err == r.err);
}
