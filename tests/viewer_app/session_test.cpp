// Sessions: what happens when a file is dropped on the viewer's window. No
// window is needed: opening a recording builds the replay and the panels'
// per-recording state, and draws nothing.
#include "viewer/app/session.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <future>
#include <memory>
#include <thread>

#include "sim/run/run.h"
#include "sim/scenario/loader.h"
#include "support/scratch_dir.h"

namespace firedrill::viewer {
namespace {

using firedrill::testing::ScratchDir;

// A short recording of `scenario` (a bundled folder) at `path`.
void record(const std::string& scenario, const std::string& path) {
  const Scenario s = load_scenario(std::string(FIREDRILL_SOURCE_DIR) + "/scenarios/" + scenario);
  RunOptions options;
  options.until = 3 * kMinute;
  options.recording_path = path;
  REQUIRE(run_scenario(s, options).status == RunStatus::kComplete);
}

// A score card source that only counts the replays it is asked for.
struct CountingScore {
  std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);
  ScoreCardSource source() const {
    return [calls = calls](const Replay& r) {
      ++*calls;
      ScoreCard card;
      card.scenario = r.recording.info.scenario_name;
      return card;
    };
  }
};

TEST_CASE("a recording dropped on the window replaces the open one", "[viewer][session]") {
  ScratchDir dir;
  record("shop", dir.file("shop.fdrec"));
  record("database-outage", dir.file("db.fdrec"));
  CountingScore score;
  Sessions sessions(std::make_shared<const Replay>(open_replay(dir.file("shop.fdrec"))),
                    score.source());
  sessions.current().ctx.show_truth = true;
  sessions.current().ctx.playback.seek(2 * kMinute);

  REQUIRE(sessions.open(dir.file("db.fdrec")));
  Session& now = sessions.current();
  CHECK(now.replay->recording.info.scenario_name == "database-outage");
  CHECK(now.ctx.playback.cursor() == 0);  // a new recording starts at its start
  CHECK_FALSE(now.ctx.selected);
  CHECK(now.ctx.show_truth);  // the facilitator's choice carries over
  // database-outage has an incident: its card is computed in the background.
  REQUIRE(now.ctx.card.state == CardSlot::State::kComputing);
  CHECK(now.ctx.card.pending.get().scenario == "database-outage");
  CHECK(*score.calls == 1);
  CHECK_FALSE(sessions.computing());
}

TEST_CASE("a recording dropped while its card is computing lets the worker finish",
          "[viewer][session]") {
  ScratchDir dir;
  record("database-outage", dir.file("db.fdrec"));
  record("shop", dir.file("shop.fdrec"));
  // A card that waits for the test's word, so that it is still computing
  // when the next recording is dropped.
  auto gate = std::make_shared<std::promise<void>>();
  std::shared_future<void> released = gate->get_future().share();
  auto calls = std::make_shared<std::atomic<int>>(0);
  ScoreCardSource slow = [released, calls](const Replay& r) {
    released.wait();
    ++*calls;
    ScoreCard card;
    card.scenario = r.recording.info.scenario_name;
    return card;
  };
  Sessions sessions(std::make_shared<const Replay>(open_replay(dir.file("db.fdrec"))), slow);
  start_card(sessions.current(), slow);
  REQUIRE(sessions.current().ctx.card.state == CardSlot::State::kComputing);
  std::weak_ptr<const Replay> first = sessions.current().replay;

  REQUIRE(sessions.open(dir.file("shop.fdrec")));
  // The shop has no incident: no card of its own. The first recording's
  // worker still runs, and still holds its replay.
  CHECK(sessions.current().ctx.card.state == CardSlot::State::kNone);
  CHECK(sessions.computing());
  CHECK_FALSE(first.expired());

  gate->set_value();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (sessions.computing() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK_FALSE(sessions.computing());
  CHECK(*calls == 1);
  // Forgotten with its worker.
  CHECK(first.expired());
}

TEST_CASE("a dropped file that does not open leaves the open recording", "[viewer][session]") {
  ScratchDir dir;
  record("shop", dir.file("shop.fdrec"));
  std::ofstream(dir.file("notes.txt")) << "not a recording";
  Sessions sessions(std::make_shared<const Replay>(open_replay(dir.file("shop.fdrec"))), {});
  const Replay* before = sessions.current().replay.get();
  CHECK_FALSE(sessions.open(dir.file("notes.txt")));
  CHECK_FALSE(sessions.open(dir.file("missing.fdrec")));
  CHECK(sessions.current().replay.get() == before);
  CHECK_FALSE(sessions.computing());
}

}  // namespace
}  // namespace firedrill::viewer
