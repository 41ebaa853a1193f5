// Each fault primitive of the Lua API, checked by its effect on the metrics
// a trainee would look at. The scenario: 100 requests/s into frontend, which
// calls checkout, which calls db (script_fixture.h). Faults start at 2m;
// windows are 10 simulated minutes (60,000 requests), so a tolerance of 2
// percentage points is several standard deviations wide.
#include <catch2/catch.hpp>
#include <string>

#include "script_fixture.h"
#include "sim/base/units.h"
#include "sim/model/run_reading.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

// How much every series of `name` whose labels include `match` grew between
// the scrapes at `from` and `to`.
double grew(const MetricStore& m, const std::string& name, const Labels& match, SimTime from,
            SimTime to) {
  double total = 0;
  for (SeriesId id : m.with_name(name)) {
    const Series& s = m.series(id);
    bool ok = true;
    for (const auto& [k, v] : match) ok = ok && s.label(k) == v;
    if (ok) total += value_at(m, name, s.labels, to) - value_at(m, name, s.labels, from);
  }
  return total;
}

// Fraction of `service`'s answers in [from, to] that were 5xx.
double error_ratio(const MetricStore& m, const std::string& service, SimTime from, SimTime to) {
  const double all = grew(m, "requests_total", {{"service", service}}, from, to);
  const double ok = grew(m, "requests_total", {{"service", service}, {"code", "200"}}, from, to);
  return all > 0 ? (all - ok) / all : 0;
}

// Mean request duration of `service` in [from, to], in seconds.
double mean_duration(const MetricStore& m, const std::string& service, SimTime from, SimTime to) {
  const double sum = grew(m, "request_duration_seconds_sum", {{"service", service}}, from, to);
  const double count = grew(m, "request_duration_seconds_count", {{"service", service}}, from, to);
  return count > 0 ? sum / count : 0;
}

constexpr SimTime kStart = 2 * kMinute;
constexpr SimTime kEnd = 12 * kMinute;

}  // namespace

TEST_CASE("errors{rate=0.2} gives 20% 5xx on the service and at its caller", "[faults]") {
  ScriptRun run("at('2m', function() service('checkout'):errors{ rate = 0.2 } end)");
  REQUIRE(run.run(kEnd));
  const MetricStore& m = run.sim().metrics();
  CHECK(error_ratio(m, "checkout", 0, kStart) == 0);
  CHECK(error_ratio(m, "checkout", kStart, kEnd) == Approx(0.20).margin(0.02));
  // The call is required and not retried: frontend fails the same requests.
  CHECK(error_ratio(m, "frontend", kStart, kEnd) == Approx(0.20).margin(0.02));
  const double failed_calls =
      grew(m, "calls_total", {{"from", "frontend"}, {"to", "checkout"}, {"outcome", "error"}},
           kStart, kEnd);
  CHECK(failed_calls ==
        Approx(grew(m, "requests_total", {{"service", "checkout"}, {"code", "500"}}, kStart, kEnd))
            .epsilon(0.01));
  CHECK(error_ratio(m, "db", kStart, kEnd) == 0);
}

TEST_CASE("latency{add} slows the service and its callers by that much", "[faults]") {
  ScriptRun run("at('2m', function() service('db'):latency{ add = '100ms' } end)");
  REQUIRE(run.run(kEnd));
  const MetricStore& m = run.sim().metrics();
  CHECK(mean_duration(m, "db", 0, kStart) == Approx(0.002).margin(0.0005));
  CHECK(mean_duration(m, "db", kStart, kEnd) == Approx(0.102).margin(0.002));
  CHECK(mean_duration(m, "checkout", kStart, kEnd) == Approx(0.107).margin(0.003));
  CHECK(error_ratio(m, "frontend", kStart, kEnd) == 0);

  ScriptRun half("at('2m', function() service('db'):latency{ add = 0.1, p = 0.5 } end)");
  REQUIRE(half.run(kEnd));
  CHECK(mean_duration(half.sim().metrics(), "db", kStart, kEnd) == Approx(0.052).margin(0.003));
}

TEST_CASE("cpu_hog{factor=3} triples the service time", "[faults]") {
  ScriptRun run("at('2m', function() service('db'):cpu_hog{ factor = 3 } end)");
  REQUIRE(run.run(kEnd));
  CHECK(mean_duration(run.sim().metrics(), "db", kStart, kEnd) == Approx(0.006).epsilon(0.05));
}

TEST_CASE("outage takes replicas away and callers get connection refused", "[faults]") {
  ScriptRun full("at('2m', function() service('db'):outage{} end)");
  REQUIRE(full.run(kEnd));
  const MetricStore& m = full.sim().metrics();
  CHECK(last_value(m, "replicas_up", {{"service", "db"}}) == 0);
  CHECK(grew(m, "calls_total", {{"from", "checkout"}, {"to", "db"}, {"outcome", "refused"}}, kStart,
             kEnd) > 50000);
  CHECK(error_ratio(m, "checkout", kStart + kMinute, kEnd) == 1.0);
  CHECK(error_ratio(m, "frontend", kStart + kMinute, kEnd) == 1.0);
  CHECK(grew(m, "restarts_total", {{"service", "db"}}, 0, kEnd) == 0);

  ScriptRun partial("at('2m', function() service('db'):outage{ fraction = 0.5 } end)");
  REQUIRE(partial.run(kEnd));
  CHECK(last_value(partial.sim().metrics(), "replicas_up", {{"service", "db"}}) == 1);
  CHECK(error_ratio(partial.sim().metrics(), "frontend", kStart, kEnd) == 0);
}

TEST_CASE("crash kills every replica, which restart after their startup time", "[faults]") {
  ScriptRun run(
      "local db = service('db')\n"
      "at('2m', function() db:crash() end)\n"
      "at('2m5s', function() print(db:metric('replicas_up')) end)\n"
      "at('2m30s', function() print(db:metric('replicas_up')) end)\n");
  REQUIRE(run.run(5 * kMinute));
  const MetricStore& m = run.sim().metrics();
  CHECK(last_value(m, "restarts_total", {{"service", "db"}}) == 2);
  CHECK(run.output() == std::vector<std::string>{"0.0", "2.0"});  // the scrapes at 2m and 2m30s
  const auto restarts = events_of(run.sim().journal(), "restart");
  REQUIRE(restarts.size() == 2);
  CHECK(attribute(restarts[0], "reason") == "crashed");
  CHECK(restarts[0].time == kStart);
  // Requests in flight at the crash and during the restart failed upstream.
  CHECK(error_ratio(m, "frontend", kStart, kStart + kMinute) > 0);
}

TEST_CASE("leak_memory OOM-kills at the time the arithmetic predicts", "[faults]") {
  Scenario s = shop_scenario();
  MemorySpec& memory = s.services[*s.find_service("db")].memory;
  memory.base = 100 * kMiB;
  memory.limit = 400 * kMiB;
  // 300 MiB of headroom at 60 MiB per minute: five minutes after 2m.
  ScriptRun run("at('2m', function() service('db'):leak_memory{ rate = '60MiB/min' } end)", s);
  REQUIRE(run.run(kEnd));
  const auto kills = events_of(run.sim().journal(), "oom_killed");
  REQUIRE(kills.size() >= 2);
  CHECK(kills[0].time == 7 * kMinute);
  CHECK(kills[1].time == 7 * kMinute);
  CHECK(attribute(kills[0], "limit_bytes") == std::to_string(400 * kMiB));

  ScriptRun per_request(
      "at('2m', function() service('db'):leak_memory{ per_request = '1KiB' } end)\n"
      "at('7m', function() print(service('db'):metric('memory_bytes')) end)\n",
      shop_scenario());
  REQUIRE(per_request.run(8 * kMinute));
  // 5 minutes x 100 requests/s over 2 replicas = 15,000 requests each.
  const double leaked = std::stod(per_request.output().at(0)) - 256.0 * kMiB;
  CHECK(leaked == Approx(15000.0 * kKiB).epsilon(0.05));
}

TEST_CASE("partition makes calls across it time out until healed", "[faults]") {
  ScriptRun run(
      "local checkout, db = service('checkout'), service('db')\n"
      "at('2m', function() checkout:partition(db) end)\n"
      "at('7m', function() db:heal(checkout) end)\n");
  REQUIRE(run.run(kEnd));
  const MetricStore& m = run.sim().metrics();
  const Labels edge = {{"from", "checkout"}, {"to", "db"}};
  auto outcome = [&](const char* o, SimTime from, SimTime to) {
    Labels l = edge;
    l.emplace_back("outcome", o);
    return grew(m, "calls_total", l, from, to);
  };
  CHECK(outcome("ok", kStart + kMinute, 7 * kMinute) == 0);
  CHECK(outcome("timeout", kStart + kMinute, 7 * kMinute) > 20000);
  CHECK(error_ratio(m, "frontend", kStart + kMinute, 7 * kMinute) == 1.0);
  CHECK(outcome("timeout", 8 * kMinute, kEnd) == 0);
  CHECK(error_ratio(m, "frontend", 8 * kMinute, kEnd) == 0);
}

TEST_CASE("clear_faults ends every fault on the service", "[faults]") {
  ScriptRun run(
      "local db = service('db')\n"
      "at('2m', function()\n"
      "  db:errors{ rate = 0.5 }\n"
      "  db:latency{ add = '50ms' }\n"
      "  db:cpu_hog{ factor = 2 }\n"
      "end)\n"
      "at('6m', function() db:clear_faults() end)\n");
  REQUIRE(run.run(kEnd));
  const MetricStore& m = run.sim().metrics();
  CHECK(error_ratio(m, "db", kStart, 6 * kMinute) == Approx(0.5).margin(0.02));
  CHECK(error_ratio(m, "db", 7 * kMinute, kEnd) == 0);
  CHECK(mean_duration(m, "db", 7 * kMinute, kEnd) == Approx(0.002).margin(0.0005));
  const auto cleared = events_of(run.sim().journal(), "fault_cleared");
  REQUIRE(cleared.size() == 1);
  CHECK(attribute(cleared[0], "fault") == "all");
}

TEST_CASE("spike multiplies traffic for its duration and set_rate rescales it", "[faults]") {
  ScriptRun spike(
      "at('2m', function() traffic('frontend'):spike{ factor = 3, duration = '5m' } end)");
  REQUIRE(spike.run(kEnd));
  const MetricStore& m = spike.sim().metrics();
  CHECK(grew(m, "requests_total", {{"service", "frontend"}}, kStart, 7 * kMinute) ==
        Approx(90000).epsilon(0.03));
  CHECK(grew(m, "requests_total", {{"service", "frontend"}}, 7 * kMinute, kEnd) ==
        Approx(30000).epsilon(0.03));
  CHECK(events_of(spike.sim().journal(), "spike_ended").at(0).time == 7 * kMinute);

  ScriptRun rate("at('2m', function() traffic():set_rate('50/s') end)");
  REQUIRE(rate.run(kEnd));
  CHECK(grew(rate.sim().metrics(), "requests_total", {{"service", "frontend"}}, kStart, kEnd) ==
        Approx(30000).epsilon(0.03));
}

TEST_CASE("metric reads the latest scrape of the service's series", "[faults]") {
  ScriptRun run(
      "local checkout = service('checkout')\n"
      "at('5m1s', function()\n"
      "  print(checkout:metric('requests_total'))\n"
      "  print(checkout:metric('requests_total', { code = '200' }))\n"
      "  print(checkout:metric('calls_total', { to = 'db', outcome = 'ok' }))\n"
      "  print(checkout:metric('memory_bytes'))\n"
      "end)\n");
  REQUIRE(run.run(5 * kMinute + 2 * kSecond));  // the last scrape was at 5m
  const MetricStore& m = run.sim().metrics();
  const auto out = run.output();
  REQUIRE(out.size() == 4);
  CHECK(std::stod(out[0]) == sum_last(m, "requests_total", {{"service", "checkout"}}));
  CHECK(std::stod(out[1]) ==
        last_value(m, "requests_total", {{"service", "checkout"}, {"code", "200"}}));
  CHECK(std::stod(out[2]) ==
        sum_last(m, "calls_total", {{"from", "checkout"}, {"to", "db"}, {"outcome", "ok"}}));
  CHECK(std::stod(out[3]) >= 256.0 * kMiB);

  ScriptRun bad("print(service('db'):metric('request_total'))");
  REQUIRE_FALSE(bad.run());
  CHECK(bad.error_line() ==
        "faults.lua:1: metric: unknown metric 'request_total' (did you mean 'requests_total'?)");
}

TEST_CASE("log and inject write what trainees read", "[faults]") {
  ScriptRun run(
      "at('1m', function()\n"
      "  log('checkout', 'warn', 'GC pressure: heap 91% full')\n"
      "  inject('support reports failed checkouts')\n"
      "end)\n");
  REQUIRE(run.run(2 * kMinute));
  const RunJournal& j = run.sim().journal();
  bool logged = false;
  for (const LogLine& line : j.logs) {
    logged |= line.service == "checkout" && line.level == LogLevel::kWarn &&
              line.message == "GC pressure: heap 91% full" && line.time == kMinute;
  }
  CHECK(logged);
  const auto injects = events_of(j, "inject");
  REQUIRE(injects.size() == 1);
  CHECK(attribute(injects[0], "message") == "support reports failed checkouts");
}

TEST_CASE("bad fault arguments are explained at the script's line", "[faults]") {
  auto error_of = [](const std::string& lua) {
    ScriptRun run(lua);
    REQUIRE_FALSE(run.run(kMinute));
    return run.error_line();
  };
  CHECK(error_of("service('chekout')") ==
        "faults.lua:1: unknown service 'chekout' (did you mean 'checkout'?)");
  CHECK(error_of("service('db'):errors{ rtae = 0.2 }") ==
        "faults.lua:1: errors: unknown option 'rtae' (did you mean 'rate'?) (options: rate)");
  CHECK(error_of("service('db'):errors{ rate = 2 }") ==
        "faults.lua:1: errors: 'rate' must be between 0 and 1, got 2.0");
  CHECK(error_of("service('db'):latency{ p = 0.5 }") ==
        "faults.lua:1: latency: 'add' must be a duration like \"300ms\" or \"5m\", or a number "
        "of seconds, got nothing");
  CHECK(error_of("service('db'):leak_memory{ rate = '10MiB/fortnight' }") ==
        "faults.lua:1: leak_memory: 'rate': unknown time unit 'fortnight' in \"10MiB/fortnight\" "
        "(expected s, min or h)");
  CHECK(error_of("service('db'):partition(service('db'))") ==
        "faults.lua:1: partition: a service cannot be cut off from itself");
  CHECK(error_of("traffic('db')") ==
        "faults.lua:1: traffic: 'db' receives no traffic (entry points: 'frontend')");
  CHECK(error_of("log('db', 'warning', 'x')") ==
        "faults.lua:1: log: unknown level 'warning' (did you mean 'warn'?) (levels: debug, info, "
        "warn, error)");
  CHECK(error_of("service('db'):crash(3)") ==
        "faults.lua:1: crash takes a table of options, got number");
}

TEST_CASE("metric ignores the series of replicas that are down", "[faults]") {
  Scenario s = shop_scenario();
  s.services[*s.find_service("db")].startup = 30 * kSecond;
  ScriptRun run(
      "local db = service('db')\n"
      "print(db.replicas)\n"
      "at('1m1s', function() print(db:metric('memory_bytes') > 0) db:crash() end)\n"
      "at('1m1s', function() end)\n"
      "at('1m16s', function() print(db:metric('memory_bytes'), db:metric('replicas_up')) end)\n",
      s);
  REQUIRE(run.run(2 * kMinute));
  // At the 1m15s scrape both replicas were restarting: no memory sample.
  CHECK(run.output() == std::vector<std::string>{"2", "true", "0.0\t0.0"});
}
