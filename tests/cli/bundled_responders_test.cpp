// Each bundled scenario's reference responder (responder.lua) ends the user
// impact, and doing nothing does not: the incident goes on until the end of
// the run (or, in database-outage, until the DBA notices 45 minutes in).
//
// User impact is read from the recording as users feel it, at the shop's
// entry point (frontend): per minute, its failed requests and its mean
// response time, compared with the minutes before the incident starts.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "command_runner.h"
#include "sim/record/recording.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

struct Minute {
  double failed = 0;   // requests answered other than 200
  double mean_ms = 0;  // mean response time
};

// Per-minute figures of `service` from its counters (scraped every 15s).
std::vector<Minute> minutes_of(const Recording& rec, const std::string& service) {
  std::vector<double> failed, sum, count;
  auto add = [](std::vector<double>& into, const Series& s) {
    for (const Sample& x : s.samples) {
      const auto minute = static_cast<std::size_t>(x.time / kMinute);
      if (x.time % kMinute != 0) continue;  // counters at whole minutes
      if (into.size() <= minute) into.resize(minute + 1, 0);
      into[minute] += x.value;
    }
  };
  for (SeriesId id = 0; id < rec.metrics.size(); ++id) {
    const Series& s = rec.metrics.series(id);
    if (s.label("service") != service) continue;
    if (s.name == "requests_total" && s.label("code") != "200") add(failed, s);
    if (s.name == "request_duration_seconds_sum") add(sum, s);
    if (s.name == "request_duration_seconds_count") add(count, s);
  }
  std::vector<Minute> out;
  for (std::size_t m = 0; m + 1 < count.size(); ++m) {
    Minute minute;
    minute.failed =
        (m + 1 < failed.size() ? failed[m + 1] : 0) - (m < failed.size() ? failed[m] : 0);
    const double requests = count[m + 1] - count[m];
    minute.mean_ms = requests > 0 ? 1000 * (sum[m + 1] - sum[m]) / requests : 0;
    out.push_back(minute);
  }
  return out;
}

// The minutes (from 0) in which users were hurt: several times the failures
// of a normal minute, or responses 15% slower than normal. Normal = the
// minutes before the incident starts.
std::vector<int> impacted_minutes(const Recording& rec, SimTime start) {
  const std::vector<Minute> minutes = minutes_of(rec, "frontend");
  const auto before = static_cast<std::size_t>(start / kMinute);
  REQUIRE(minutes.size() > before);
  double failed = 0, mean = 0;
  for (std::size_t m = 0; m < before; ++m) {
    failed += minutes[m].failed;
    mean += minutes[m].mean_ms;
  }
  failed /= static_cast<double>(before);
  mean /= static_cast<double>(before);
  std::vector<int> out;
  for (std::size_t m = 0; m < minutes.size(); ++m) {
    if (minutes[m].failed > 4 * failed + 20 || minutes[m].mean_ms > 1.15 * mean) {
      out.push_back(static_cast<int>(m));
    }
  }
  return out;
}

Recording run(const std::string& scenario, const std::string& flags, const ScratchDir& dir,
              const std::string& out) {
  const CommandResult r = run_firedrill(
      "run --no-score '" + source_path("scenarios/" + scenario) + "' " + flags + " --out " + out,
      dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return read_recording(dir.file(out));
}

struct Expectation {
  const char* scenario;
  int incident_start;  // minute the fault starts (the scenario's incident: start)
  int bot_ends_by;     // minute by which the reference responder has ended the impact
  int nothing_until;   // doing nothing, users are still hurt in this minute or later
};

}  // namespace

TEST_CASE("each reference responder ends the user impact and doing nothing does not",
          "[cli][responder]") {
  const Expectation expectations[] = {
      // OOM kills every ~10 minutes until the end; the bot rolls back at 44m30s.
      {"checkout-memory-leak", 20, 47, 105},
      // Down until the DBA restarts db at 60m (+2m recovery); the bot restarts it at 19m30s.
      {"database-outage", 15, 25, 61},
      // A third of orders fail until the end; the bot rolls back at 15m30s.
      {"bad-deploy-checkout", 10, 20, 55},
      // Search 3x slower until the end; the bot picks the ticket up at 30m.
      {"slow-search", 12, 40, 85},
      // The storm never drains by itself; the bot rolls pricing back at 20m30s.
      {"retry-storm", 15, 26, 85},
  };
  for (const Expectation& e : expectations) {
    SECTION(e.scenario) {
      ScratchDir dir;
      const Recording bot = run(e.scenario, "", dir, "bot.fdrec");
      const Recording nothing = run(e.scenario, "--no-responder", dir, "nothing.fdrec");
      const SimTime start = e.incident_start * kMinute;

      const std::vector<int> hurt_bot = impacted_minutes(bot, start);
      const std::vector<int> hurt_nothing = impacted_minutes(nothing, start);
      INFO("impacted minutes with the responder: " << Catch::Detail::stringify(hurt_bot));
      INFO("impacted minutes doing nothing: " << Catch::Detail::stringify(hurt_nothing));
      REQUIRE_FALSE(hurt_nothing.empty());
      REQUIRE_FALSE(hurt_bot.empty());  // the incident did hurt before it was handled
      CHECK(hurt_bot.front() >= e.incident_start);
      CHECK(hurt_bot.back() < e.bot_ends_by);
      CHECK(hurt_nothing.back() >= e.nothing_until);

      // The responder acted through the action vocabulary, and the scenario's
      // declared fix took effect.
      int actions = 0, fixed = 0;
      for (const RunEvent& ev : bot.journal.events) {
        actions += ev.kind == "action" ? 1 : 0;
        fixed += ev.kind == "incident_fixed" ? 1 : 0;
      }
      CHECK(actions >= 5);
      CHECK(fixed == 1);
      for (const RunEvent& ev : nothing.journal.events) CHECK(ev.kind != "action");

      if (std::string(e.scenario) == "checkout-memory-leak") {
        // The leak keeps OOM-killing until the end when nobody responds; with
        // the rollback at 44m30s (done 45m30s) the last kill is the one of 39m.
        auto last_kill = [](const Recording& r) {
          SimTime last = -1;
          for (const RunEvent& ev : r.journal.events) {
            if (ev.kind == "oom_killed") last = ev.time;
          }
          return last;
        };
        CHECK(last_kill(bot) < 45 * kMinute);
        CHECK(last_kill(nothing) > 105 * kMinute);
      }
    }
  }
}
