// A recording reads back exactly what the run wrote: metadata, sources,
// topology, every series and sample, events, logs, changes and the summary.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <limits>

#include "sim/base/input_error.h"
#include "sim/record/recording.h"
#include "tests/sim/record/record_test_support.h"

using namespace firedrill;
using namespace firedrill::record_test;

namespace {

// A small run of the shop: every scrape adds request counters and memory
// gauges; checkout starts failing at 20m (a new series appears), is OOM-killed
// and rolled back. Call step() for each scrape time, in order.
struct ShopRun {
  MetricStore metrics;
  RunJournal journal;
  double checkout_memory = 512.0 * kMiB;

  void step(SimTime t) {
    for (const char* service : {"frontend", "checkout", "catalog"}) {
      auto ok = metrics.intern("requests_total", {{"service", service}, {"code", "200"}});
      double previous =
          metrics.series(ok).samples.empty() ? 0.0 : metrics.series(ok).samples.back().value;
      metrics.append(ok, t, previous + 100.0);
      auto memory = metrics.intern(
          "memory_bytes", {{"service", service}, {"instance", std::string(service) + "-0"}});
      metrics.append(memory, t, std::string(service) == "checkout" ? checkout_memory : 3.0e8);
    }
    if (t >= 20 * kMinute) {
      auto failed = metrics.intern("requests_total", {{"code", "500"}, {"service", "checkout"}});
      metrics.append(failed, t, static_cast<double>((t - 20 * kMinute) / kSecond));
      checkout_memory += 48.0 * kMiB;
    }
    if (t == 20 * kMinute) {
      journal.changes.push_back({t, "checkout", "deploy", "v2.14.0", "deploy of v2.14.0 by ci"});
      journal.events.push_back({t, "deploy", "checkout", "", {{"version", "v2.14.0"}}});
    }
    if (t == 30 * kMinute) {
      // Attribute names in a deliberately unsorted order, and non-ASCII text.
      journal.events.push_back({t,
                                "replica_oom_killed",
                                "checkout",
                                "checkout-1",
                                {{"memory_bytes", "2147483648"},
                                 {"limit_bytes", "2147483648"},
                                 {"note", "m\xc3\xa9moire \"full\"\n"}}});
      journal.logs.push_back({t, "checkout", "checkout-1", LogLevel::kError,
                              "OOMKilled: container exceeded its memory limit"});
      journal.logs.push_back({t, "frontend", "", LogLevel::kWarn, "upstream checkout timed out"});
      checkout_memory = 512.0 * kMiB;
    }
    if (t == 40 * kMinute) {
      journal.changes.push_back({t, "checkout", "rollback", "v2.13.2", ""});
      journal.events.push_back({t, "rollback", "checkout", "", {}});
      journal.logs.push_back({t, "checkout", "checkout-0", LogLevel::kInfo, "started v2.13.2"});
      journal.logs.push_back({t, "catalog", "catalog-2", LogLevel::kDebug, "cache warm"});
    }
  }
};

std::vector<ServiceSummary> shop_summary() {
  return {
      {"frontend", 720000, 360, 100.0, 18 * kMillisecond, 95 * kMillisecond, 0, 0},
      {"checkout", 72000, 9000, 10.0, 45 * kMillisecond, 2 * kSecond, 3, 3},
      {"catalog", 1440000, 0, 200.0, 5 * kMillisecond, 5 * kMillisecond, 0, 0},
  };
}

void check_same_metrics(const MetricStore& got, const MetricStore& want) {
  REQUIRE(got.size() == want.size());
  CHECK(got.sample_count() == want.sample_count());
  for (SeriesId id = 0; id < want.size(); ++id) {
    INFO("series " << id << " "
                   << MetricStore::identity(want.series(id).name, want.series(id).labels));
    const Series& g = got.series(id);
    const Series& w = want.series(id);
    CHECK(g.name == w.name);
    CHECK(g.labels == w.labels);
    REQUIRE(g.samples.size() == w.samples.size());
    for (std::size_t k = 0; k < w.samples.size(); ++k) {
      CHECK(g.samples[k].time == w.samples[k].time);
      if (std::isnan(w.samples[k].value)) {
        CHECK(std::isnan(g.samples[k].value));
      } else {
        CHECK(g.samples[k].value == w.samples[k].value);
      }
    }
  }
}

void check_same_journal(const RunJournal& got, const RunJournal& want) {
  REQUIRE(got.events.size() == want.events.size());
  for (std::size_t i = 0; i < want.events.size(); ++i) {
    CHECK(got.events[i].time == want.events[i].time);
    CHECK(got.events[i].kind == want.events[i].kind);
    CHECK(got.events[i].service == want.events[i].service);
    CHECK(got.events[i].instance == want.events[i].instance);
    CHECK(got.events[i].attributes == want.events[i].attributes);
  }
  REQUIRE(got.logs.size() == want.logs.size());
  for (std::size_t i = 0; i < want.logs.size(); ++i) {
    CHECK(got.logs[i].time == want.logs[i].time);
    CHECK(got.logs[i].service == want.logs[i].service);
    CHECK(got.logs[i].instance == want.logs[i].instance);
    CHECK(got.logs[i].level == want.logs[i].level);
    CHECK(got.logs[i].message == want.logs[i].message);
  }
  REQUIRE(got.changes.size() == want.changes.size());
  for (std::size_t i = 0; i < want.changes.size(); ++i) {
    CHECK(got.changes[i].time == want.changes[i].time);
    CHECK(got.changes[i].service == want.changes[i].service);
    CHECK(got.changes[i].kind == want.changes[i].kind);
    CHECK(got.changes[i].version == want.changes[i].version);
    CHECK(got.changes[i].description == want.changes[i].description);
  }
}

void check_same_services(const std::vector<ServiceSpec>& got,
                         const std::vector<ServiceSpec>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO("service " << want[i].name);
    const ServiceSpec& g = got[i];
    const ServiceSpec& w = want[i];
    CHECK(g.name == w.name);
    CHECK(g.team == w.team);
    CHECK(g.replicas == w.replicas);
    CHECK(g.workers == w.workers);
    CHECK(g.queue == w.queue);
    CHECK(g.latency.distribution == w.latency.distribution);
    CHECK(g.latency.p50 == w.latency.p50);
    CHECK(g.latency.p99 == w.latency.p99);
    CHECK(g.latency.mean == w.latency.mean);
    CHECK(g.errors == w.errors);
    CHECK(g.memory.base == w.memory.base);
    CHECK(g.memory.per_request == w.memory.per_request);
    CHECK(g.memory.limit == w.memory.limit);
    CHECK(g.startup == w.startup);
    // Locations are recorded with the file named within the scenario folder.
    CHECK(g.where.file == "scenario.yaml");
    CHECK(g.where.line == w.where.line);
    CHECK(g.where.column == w.where.column);
    REQUIRE(g.calls.size() == w.calls.size());
    for (std::size_t c = 0; c < w.calls.size(); ++c) {
      CHECK(g.calls[c].to == w.calls[c].to);
      CHECK(g.calls[c].to_index == w.calls[c].to_index);
      CHECK(g.calls[c].p == w.calls[c].p);
      CHECK(g.calls[c].count == w.calls[c].count);
      CHECK(g.calls[c].timeout == w.calls[c].timeout);
      CHECK(g.calls[c].retries == w.calls[c].retries);
      CHECK(g.calls[c].backoff == w.calls[c].backoff);
      CHECK(g.calls[c].optional == w.calls[c].optional);
      CHECK(g.calls[c].parallel == w.calls[c].parallel);
      CHECK(g.calls[c].where.file == "scenario.yaml");
      CHECK(g.calls[c].where.line == w.calls[c].where.line);
      CHECK(g.calls[c].where.column == w.calls[c].where.column);
    }
  }
}

}  // namespace

TEST_CASE("a failed run's recording reads back every table as written", "[record]") {
  ScratchDir dir;
  const std::string path = dir.file("run.fdrec");
  const Scenario scenario = shop_scenario();
  const RunInfo info = info_for(scenario);

  ShopRun run;
  auto recorder = Recorder::create(path, info, scenario);
  for (SimTime t = 15 * kSecond; t <= 45 * kMinute; t += 15 * kSecond) {
    run.step(t);
    if (t % (5 * kMinute) == 0) recorder->checkpoint(t, run.metrics, run.journal);
  }
  // Values a gauge may hold: NaN (SQLite stores it as NULL), infinities,
  // integral values (which SQLite packs as integers), tiny and huge numbers.
  auto odd = run.metrics.intern("cpu_utilization", {{"service", "catalog"}});
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> odd_values = {
      nan, inf, -inf, 3.0, -0.25, 1e-300, 1.7976931348623157e308, 0.1 + 0.2};
  for (std::size_t k = 0; k < odd_values.size(); ++k) {
    run.metrics.append(odd, 45 * kMinute + static_cast<SimTime>(k) * kMicrosecond, odd_values[k]);
  }
  const std::string error = "faults.lua:12: attempt to index a nil value (global 'chekout')";
  recorder->finish(46 * kMinute, run.metrics, run.journal, shop_summary(), RunStatus::kFailed,
                   error);
  recorder.reset();

  const Recording got = read_recording(path);

  CHECK(got.format_version == kRecordingFormatVersion);
  CHECK(got.status == RunStatus::kFailed);
  CHECK(got.error == error);
  CHECK(got.end_time == 46 * kMinute);
  CHECK(got.info.engine_version == info.engine_version);
  CHECK(got.info.scenario_name == "checkout-memory-leak");
  CHECK(got.info.scenario_title == info.scenario_title);
  CHECK(got.info.scenario_hash == scenario_hash(scenario.sources));
  CHECK(got.info.seed == 7);
  CHECK(got.info.duration == 2 * kHour);
  CHECK(got.info.scrape_interval == 15 * kSecond);
  CHECK(got.info.start_of_day == 9 * kHour);

  REQUIRE(got.sources.size() == 2);
  CHECK(got.sources[0].path == scenario.sources[0].path);
  CHECK(got.sources[0].content == scenario.sources[0].content);
  CHECK(got.sources[1].path == scenario.sources[1].path);
  CHECK(got.sources[1].content == scenario.sources[1].content);

  check_same_services(got.services, scenario.services);
  check_same_metrics(got.metrics, run.metrics);
  check_same_journal(got.journal, run.journal);
  // The series that appeared after the first checkpoints keep their ids.
  CHECK(got.metrics.find("requests_total", {{"service", "checkout"}, {"code", "500"}}) ==
        run.metrics.find("requests_total", {{"service", "checkout"}, {"code", "500"}}));

  const auto want_summary = shop_summary();
  REQUIRE(got.summary.size() == want_summary.size());
  for (std::size_t i = 0; i < want_summary.size(); ++i) {
    CHECK(got.summary[i].service == want_summary[i].service);
    CHECK(got.summary[i].requests == want_summary[i].requests);
    CHECK(got.summary[i].errors == want_summary[i].errors);
    CHECK(got.summary[i].requests_per_second == want_summary[i].requests_per_second);
    CHECK(got.summary[i].p50 == want_summary[i].p50);
    CHECK(got.summary[i].p99 == want_summary[i].p99);
    CHECK(got.summary[i].oom_kills == want_summary[i].oom_kills);
    CHECK(got.summary[i].restarts == want_summary[i].restarts);
  }

  // One self-contained file: no journal left beside it.
  CHECK_FALSE(std::filesystem::exists(path + "-journal"));
}

TEST_CASE("a complete run records status complete and an empty error", "[record]") {
  ScratchDir dir;
  const std::string path = dir.file("run.fdrec");
  const Scenario scenario = shop_scenario();
  ShopRun run;
  auto recorder = Recorder::create(path, info_for(scenario), scenario);
  run.step(15 * kSecond);
  recorder->finish(2 * kHour, run.metrics, run.journal, shop_summary(), RunStatus::kComplete, "");

  const Recording got = read_recording(path);
  CHECK(got.status == RunStatus::kComplete);
  CHECK(got.error.empty());
  CHECK(got.end_time == 2 * kHour);
  CHECK(got.summary.size() == 3);
  CHECK(got.metrics.sample_count() == run.metrics.sample_count());
  CHECK(run_status_name(got.status) == "complete");
  CHECK(sql(path, "SELECT value FROM meta WHERE key = 'status'") == "complete");
}

TEST_CASE("a recorder dropped without finish keeps its last checkpoint, status running",
          "[record]") {
  ScratchDir dir;
  const std::string path = dir.file("run.fdrec");
  const Scenario scenario = shop_scenario();
  ShopRun run;
  MetricStore at_checkpoint;
  {
    auto recorder = Recorder::create(path, info_for(scenario), scenario);
    for (SimTime t = 15 * kSecond; t <= 30 * kMinute; t += 15 * kSecond) run.step(t);
    recorder->checkpoint(30 * kMinute, run.metrics, run.journal);
    at_checkpoint = run.metrics;
    // More happens, then the run dies (the recorder unwinds) before the next checkpoint.
    for (SimTime t = 30 * kMinute + 15 * kSecond; t <= 40 * kMinute; t += 15 * kSecond) {
      run.step(t);
    }
  }

  const Recording got = read_recording(path);
  CHECK(got.status == RunStatus::kRunning);
  CHECK(got.end_time == 30 * kMinute);
  CHECK(got.summary.empty());
  check_same_metrics(got.metrics, at_checkpoint);
  CHECK(got.journal.changes.size() == 1);  // the deploy at 20m, not the rollback at 40m
  CHECK(got.journal.events.size() == 2);
  CHECK_FALSE(std::filesystem::exists(path + "-journal"));
}

TEST_CASE("checkpoints write each sample, event, log line and change exactly once", "[record]") {
  ScratchDir dir;
  const std::string path = dir.file("run.fdrec");
  const Scenario scenario = shop_scenario();
  ShopRun run;
  auto recorder = Recorder::create(path, info_for(scenario), scenario);

  recorder->checkpoint(0, run.metrics, run.journal);  // nothing yet
  for (SimTime t = 15 * kSecond; t <= 30 * kMinute; t += 15 * kSecond) run.step(t);
  recorder->checkpoint(30 * kMinute, run.metrics, run.journal);
  recorder->checkpoint(30 * kMinute, run.metrics, run.journal);  // nothing new
  run.step(30 * kMinute + 15 * kSecond);
  recorder->checkpoint(30 * kMinute + 15 * kSecond, run.metrics, run.journal);

  auto count = [&](const char* table) {
    return std::stoul(sql(path, std::string("SELECT count(*) FROM ") + table));
  };
  CHECK(count("samples") == run.metrics.sample_count());
  CHECK(count("series") == run.metrics.size());
  CHECK(count("events") == run.journal.events.size());
  CHECK(count("logs") == run.journal.logs.size());
  CHECK(count("changes") == run.journal.changes.size());
  CHECK(sql(path, "SELECT value FROM meta WHERE key = 'end_time_us'") ==
        std::to_string(30 * kMinute + 15 * kSecond));

  recorder->finish(31 * kMinute, run.metrics, run.journal, {}, RunStatus::kComplete, "");
  const Recording got = read_recording(path);
  check_same_metrics(got.metrics, run.metrics);
  check_same_journal(got.journal, run.journal);
}

TEST_CASE("a new recording replaces an old file and its stale journal", "[record]") {
  ScratchDir dir;
  const std::string path = dir.file("run.fdrec");
  write_bytes(path, "an old recording");
  // A journal left by an earlier killed run: SQLite would roll it back into
  // the new file if it stayed.
  write_bytes(path + "-journal", std::string(4096, '\x42'));

  const Scenario scenario = shop_scenario();
  ShopRun run;
  run.step(15 * kSecond);
  auto recorder = Recorder::create(path, info_for(scenario), scenario);
  CHECK_FALSE(std::filesystem::exists(path + "-journal"));
  recorder->finish(15 * kSecond, run.metrics, run.journal, {}, RunStatus::kComplete, "");

  const Recording got = read_recording(path);
  CHECK(got.metrics.sample_count() == run.metrics.sample_count());
  CHECK(got.info.scenario_name == scenario.name);
}

TEST_CASE("creating a recording in a missing folder names the folder", "[record]") {
  ScratchDir dir;
  const std::string path = dir.file("no-such-dir/run.fdrec");
  const Scenario scenario = shop_scenario();
  try {
    Recorder::create(path, info_for(scenario), scenario);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.first().where.file == path);
    CHECK_THAT(e.first().message, Catch::Contains("cannot create the recording") &&
                                      Catch::Contains("no such directory") &&
                                      Catch::Contains("no-such-dir"));
  }
}

TEST_CASE("a recording answers the SQL queries shown in docs/recording-format.md", "[record]") {
  ScratchDir dir;
  const std::string path = dir.file("run.fdrec");
  const Scenario scenario = shop_scenario();
  ShopRun run;
  auto recorder = Recorder::create(path, info_for(scenario), scenario);
  for (SimTime t = 15 * kSecond; t <= 45 * kMinute; t += 15 * kSecond) run.step(t);
  recorder->finish(45 * kMinute, run.metrics, run.journal, shop_summary(), RunStatus::kComplete,
                   "");

  SECTION("one series over time") {
    auto rows = sql_rows(path, R"sql(
      SELECT x.t_us, x.value
      FROM samples AS x JOIN series AS s ON s.id = x.series_id
      WHERE s.name = 'memory_bytes' AND s.labels = '{"instance":"checkout-0","service":"checkout"}'
      ORDER BY x.t_us)sql");
    REQUIRE(rows.size() == 180);
    CHECK(rows.front() == "15000000|536870912.0");
  }
  SECTION("a service's error ratio over time") {
    auto rows = sql_rows(path, R"sql(
      WITH deltas AS (
        SELECT x.t_us, json_extract(s.labels, '$.code') AS code,
               x.value - lag(x.value) OVER (PARTITION BY x.series_id ORDER BY x.t_us) AS delta
        FROM samples AS x JOIN series AS s ON s.id = x.series_id
        WHERE s.name = 'requests_total' AND json_extract(s.labels, '$.service') = 'checkout')
      SELECT t_us / 1000000 AS t_s,
             round(total(CASE WHEN code LIKE '5%' THEN delta END) / total(delta), 4) AS error_ratio
      FROM deltas WHERE delta IS NOT NULL
      GROUP BY t_us ORDER BY t_us)sql");
    REQUIRE_FALSE(rows.empty());
    CHECK(rows.front() == "30|0.0");
    // After 20m checkout fails 15 requests per 15 s scrape, beside 100 good ones.
    CHECK(rows.back() == "2700|0.1304");
  }
  SECTION("all events of a kind") {
    auto rows = sql_rows(path, R"sql(
      SELECT t_us, service, instance, json_extract(attributes, '$.memory_bytes')
      FROM events WHERE kind = 'replica_oom_killed' ORDER BY id)sql");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0] == "1800000000|checkout|checkout-1|2147483648");
  }
  SECTION("the topology with call targets by name") {
    auto rows = sql_rows(path, R"sql(
      SELECT f.name, t.name, c.p, c.timeout_us
      FROM calls AS c JOIN services AS f ON f.id = c.service_id JOIN services AS t ON t.id = c.to_id
      ORDER BY c.service_id, c.position)sql");
    CHECK(rows == std::vector<std::string>{"frontend|catalog|1.0|300000",
                                           "frontend|checkout|0.1|1000000",
                                           "checkout|catalog|1.0|300000"});
  }
}
