// RunSession: however a run is paced and wherever its actions come from
// (typed between advances, submitted by a bot from a callback, replayed from
// the action log), the same actions give a byte-identical recording.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/model/simulation.h"
#include "sim/paging/pager.h"
#include "sim/response/action_log.h"
#include "sim/response/response_scenario.h"
#include "sim/run/session.h"
#include "sim/scenario/loader.h"
#include "support/scratch_dir.h"

using namespace firedrill;

namespace {

std::string bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Action act(const std::string& actor, const std::string& text) {
  Action a = parse_action(text);
  a.actor = actor;
  return a;
}

// The database goes down at 10m and comes back at 40m.
void break_the_database(RunSession& session) {
  Simulation& sim = session.sim();
  sim.at(10 * kMinute, [&sim] { sim.set_outage(1, 1.0); });
  sim.at(40 * kMinute, [&sim] { sim.set_outage(1, 0.0); });
}

RunOptions options_for(const testing::ScratchDir& dir, const std::string& name) {
  RunOptions options;
  options.until = kHour;
  options.recording_path = (dir.path() / (name + ".fdrec")).string();
  options.action_log_path = (dir.path() / (name + ".actions")).string();
  options.setup = break_the_database;
  return options;
}

// Replays `log_path` into a new recording and returns its bytes.
std::string replay(const Scenario& scenario, const testing::ScratchDir& dir,
                   const std::string& log_path) {
  const ActionLog log = read_action_log(log_path);
  RunOptions options = options_for(dir, "replay");
  options.action_log_path = (dir.path() / "replay.actions").string();
  options.seed = log.seed;
  options.until = log.until;
  options.stop = log.stop;
  options.actions = log.actions;
  const RunResult result = run_scenario(scenario, options);
  REQUIRE(result.status == RunStatus::kComplete);
  // The replay's own log is the same log.
  CHECK(bytes_of(options.action_log_path) == bytes_of(log_path));
  return bytes_of(options.recording_path);
}

}  // namespace

TEST_CASE("a run paced in small steps with typed actions replays byte for byte",
          "[response][session]") {
  const Scenario scenario = load_scenario_text(response_test::kScenario, "desk.yaml");
  testing::ScratchDir dir;
  RunOptions options = options_for(dir, "drill");
  RunSession session(scenario, options);
  session.start();
  // A drill's pacing: uneven wall-clock steps.
  SimTime t = 0;
  const SimTime steps[] = {7 * kSecond, 13 * kSecond + 250, 1 * kSecond};
  int i = 0;
  while (t < 11 * kMinute + 45 * kSecond) {
    t += steps[i++ % 3];
    session.advance_to(t);
  }
  REQUIRE(session.sim().pager()->incidents().size() == 1);
  CHECK(session.apply(act("alice", "ack 1")).applied);
  // Two actions at the same instant, the second right after the first.
  CHECK(session.apply(act("alice", "declare \"db down\"")).applied);
  CHECK(session.apply(act("alice", "escalate web")).applied);
  CHECK_FALSE(session.apply(act("bob", "ack 7")).applied);
  while (t < kHour) {
    t += steps[i++ % 3];
    session.advance_to(t);
  }
  const RunResult result = session.finish();
  CHECK(result.status == RunStatus::kComplete);
  CHECK(result.end == kHour);
  CHECK(result.response_events.size() == 4);

  const ActionLog log = read_action_log(options.action_log_path);
  CHECK(log.scenario == "desk");
  CHECK(log.until == kHour);
  CHECK_FALSE(log.stop);
  REQUIRE(log.actions.size() == 4);
  CHECK(log.actions[3].text() == "ack 7");
  CHECK(replay(scenario, dir, options.action_log_path) == bytes_of(options.recording_path));
}

TEST_CASE("actions submitted from callbacks land where a replay puts them", "[response][session]") {
  const Scenario scenario = load_scenario_text(response_test::kScenario, "desk.yaml");
  testing::ScratchDir dir;
  RunOptions options = options_for(dir, "bot");
  options.setup = [](RunSession& session) {
    break_the_database(session);
    Simulation& sim = session.sim();
    // A bot: acknowledges every page as it arrives, and escalates twice in
    // the same instant.
    sim.add_event_listener([&session](const RunEvent& e) {
      if (e.kind != "page") return;
      for (const auto& [k, v] : e.attributes) {
        if (k == "incident") session.submit(act("bot", "ack " + v));
      }
    });
    sim.at(20 * kMinute, [&session] {
      session.submit(act("bot", "escalate web"));
      session.submit(act("bot", "declare \"database down\""));
      session.submit(act("bot", "status \"failing over\""));
    });
  };
  const RunResult result = run_scenario(scenario, options);
  REQUIRE(result.status == RunStatus::kComplete);
  const ActionLog log = read_action_log(options.action_log_path);
  std::string lines;
  for (const Action& a : log.actions) lines += action_log_line(a);
  // Queued actions apply in order, one per quiet point: web's page (from the
  // escalation) is acknowledged after the actions queued before it. The
  // acknowledged incidents re-trigger after the default ack_timeout (30m).
  CHECK(lines ==
        "at 11m30s bot ack 1\n"
        "at 20m bot escalate web\n"
        "at 20m bot declare \"database down\"\n"
        "at 20m bot status \"failing over\"\n"
        "at 20m bot ack 2\n"
        "at 41m30s bot ack 1\n"
        "at 50m bot ack 2\n");

  // The replay has no bot: only the log.
  testing::ScratchDir other;
  const ActionLog replayed = read_action_log(options.action_log_path);
  RunOptions plain = options_for(other, "replay");
  plain.actions = replayed.actions;
  REQUIRE(run_scenario(scenario, plain).status == RunStatus::kComplete);
  CHECK(bytes_of(plain.recording_path) == bytes_of(options.recording_path));
}

TEST_CASE("a drill stopped early replays to the same stop", "[response][session]") {
  const Scenario scenario = load_scenario_text(response_test::kScenario, "desk.yaml");
  testing::ScratchDir dir;
  RunOptions options = options_for(dir, "early");
  RunSession session(scenario, options);
  session.start();
  session.advance_to(12 * kMinute);
  session.apply(act("carol", "investigate db"));
  session.advance_to(25 * kMinute + 3 * kSecond);
  const RunResult result = session.finish();
  CHECK(result.end == 25 * kMinute + 3 * kSecond);
  const ActionLog log = read_action_log(options.action_log_path);
  REQUIRE(log.stop);
  CHECK(*log.stop == 25 * kMinute + 3 * kSecond);
  CHECK(replay(scenario, dir, options.action_log_path) == bytes_of(options.recording_path));
}

TEST_CASE("a drill stopped at once replays to time 0", "[response][session]") {
  const Scenario scenario = load_scenario_text(response_test::kScenario, "desk.yaml");
  testing::ScratchDir dir;
  RunOptions options = options_for(dir, "zero");
  RunSession session(scenario, options);
  session.start();
  session.apply(act("carol", "investigate db"));
  CHECK(session.finish().end == 0);
  const ActionLog log = read_action_log(options.action_log_path);
  REQUIRE(log.stop);
  CHECK(*log.stop == 0);
  CHECK(replay(scenario, dir, options.action_log_path) == bytes_of(options.recording_path));
}

TEST_CASE("an action after the run has failed is refused", "[response][session]") {
  const Scenario scenario = load_scenario_text(response_test::kScenario, "desk.yaml");
  RunOptions options;
  options.setup = [](RunSession& session) {
    session.sim().at(5 * kMinute, [] { throw std::runtime_error("script exploded"); });
  };
  RunSession session(scenario, options);
  session.start();
  session.advance_to(10 * kMinute);
  CHECK(session.failed());
  CHECK(session.error() == "script exploded");
  CHECK(session.apply(act("a", "investigate db")).message == "the run is over: script exploded");
  const RunResult result = session.finish();
  CHECK(result.status == RunStatus::kFailed);
  CHECK(result.end == 5 * kMinute);
}
