// A run killed with SIGKILL at any moment leaves a recording that opens and
// holds exactly its completed checkpoints: never a part of one.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "sim/record/recording.h"
#include "tests/sim/record/record_test_support.h"

using namespace firedrill;
using namespace firedrill::record_test;

namespace {

// What each checkpoint adds, so that a reader can tell whole checkpoints
// from partial ones: for each of `series` series a sample per scrape
// (`first_scrapes` scrapes in the first checkpoint, `scrapes` in each later
// one), one new series with one sample, one event, one log line and one change.
struct Load {
  int series;
  int scrapes;
  int first_scrapes;
};

// Scrapes (one per simulated second) up to the end of `checkpoint`.
int scrapes_until(const Load& load, int checkpoint) {
  return checkpoint == 0 ? 0 : load.first_scrapes + (checkpoint - 1) * load.scrapes;
}

SimTime checkpoint_time(const Load& load, int checkpoint) {
  return static_cast<SimTime>(scrapes_until(load, checkpoint)) * kSecond;
}

void add_checkpoint(const Load& load, int checkpoint, MetricStore& metrics, RunJournal& journal) {
  std::vector<SeriesId> ids;
  for (int s = 0; s < load.series; ++s) {
    ids.push_back(metrics.intern("inflight_requests", {{"replica", std::to_string(s)}}));
  }
  for (int scrape = scrapes_until(load, checkpoint - 1) + 1;
       scrape <= scrapes_until(load, checkpoint); ++scrape) {
    for (int s = 0; s < load.series; ++s) {
      metrics.append(ids[static_cast<std::size_t>(s)], scrape * kSecond,
                     static_cast<double>(checkpoint * 1000 + s));
    }
  }
  SimTime now = checkpoint_time(load, checkpoint);
  auto added = metrics.intern("checkpoint_marker", {{"checkpoint", std::to_string(checkpoint)}});
  metrics.append(added, now, checkpoint);
  journal.events.push_back(
      {now, "checkpoint_marker", "", "", {{"checkpoint", std::to_string(checkpoint)}}});
  journal.logs.push_back({now, "checkout", "", LogLevel::kInfo, "checkpoint"});
  journal.changes.push_back({now, "checkout", "config", "", std::to_string(checkpoint)});
}

// In a child process: record checkpoints until killed. Never returns.
[[noreturn]] void record_forever(const std::string& path, const Load& load) {
  alarm(120);  // never outlive a parent that failed to kill us
  try {
    const Scenario scenario = shop_scenario();
    MetricStore metrics;
    RunJournal journal;
    auto recorder = Recorder::create(path, info_for(scenario), scenario);
    for (int checkpoint = 1;; ++checkpoint) {
      add_checkpoint(load, checkpoint, metrics, journal);
      recorder->checkpoint(checkpoint_time(load, checkpoint), metrics, journal);
    }
  } catch (...) {
  }
  _exit(3);
}

pid_t start_recording(const std::string& path, const Load& load) {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) record_forever(path, load);
  return pid;
}

void kill_and_reap(pid_t pid) {
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
}

// Polls `condition` every millisecond for up to a minute.
template <typename Condition>
bool wait_for(Condition condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

// The checkpoints the file says it has completed, read with a separate
// connection as a user with sqlite3 would (0 while the file is not there yet).
long checkpoints_in_file(const std::string& path, const Load& load) {
  if (!std::filesystem::exists(path)) return 0;
  try {
    std::string end = sql(path, "SELECT value FROM meta WHERE key = 'end_time_us'");
    long checkpoints = 0;
    while (!end.empty() && checkpoint_time(load, checkpoints + 1) <= std::stol(end)) ++checkpoints;
    return checkpoints;
  } catch (const std::exception&) {
    return 0;  // not created yet
  }
}

// The recording holds exactly checkpoints 1..n for some n >= 1, and says so.
int check_whole_checkpoints(const std::string& path, const Load& load) {
  const Recording got = read_recording(path);
  CHECK(got.status == RunStatus::kRunning);
  const int n = static_cast<int>(got.journal.events.size());
  REQUIRE(n >= 1);
  CHECK(got.end_time == checkpoint_time(load, n));
  CHECK(got.journal.logs.size() == static_cast<std::size_t>(n));
  CHECK(got.journal.changes.size() == static_cast<std::size_t>(n));
  CHECK(got.journal.events.back().attributes.at(0).second == std::to_string(n));
  REQUIRE(got.metrics.size() == static_cast<std::size_t>(load.series + n));
  const auto scrapes = static_cast<std::size_t>(scrapes_until(load, n));
  CHECK(got.metrics.sample_count() ==
        static_cast<std::size_t>(load.series) * scrapes + static_cast<std::size_t>(n));
  for (SeriesId id = 0; id < got.metrics.size(); ++id) {
    const Series& series = got.metrics.series(id);
    if (series.name == "checkpoint_marker") {
      CHECK(series.samples.size() == 1);
    } else {
      REQUIRE(series.samples.size() == scrapes);
      CHECK(series.samples.back().time == checkpoint_time(load, n));
    }
  }
  return n;
}

}  // namespace

TEST_CASE("a run killed while checkpointing leaves exactly its completed checkpoints",
          "[record][crash]") {
  ScratchDir dir;
  const std::string path = dir.file("killed.fdrec");
  const Load load{50, 20, 20};
  pid_t pid = start_recording(path, load);
  bool progressed = wait_for([&] { return checkpoints_in_file(path, load) >= 5; });
  kill_and_reap(pid);
  REQUIRE(progressed);

  int n = check_whole_checkpoints(path, load);
  CHECK(n >= 5);
  // Reading it again gives the same: the first read left the file consistent.
  CHECK(check_whole_checkpoints(path, load) == n);
}

TEST_CASE("a run killed halfway through writing a checkpoint rolls back to the one before",
          "[record][crash]") {
  ScratchDir dir;
  const std::string path = dir.file("killed.fdrec");
  const std::string journal = path + "-journal";
  // A small first checkpoint, then two million samples per checkpoint: more
  // than the recorder's page cache holds, so SQLite writes part of the
  // checkpoint into the file before it commits, and the kill lands while the
  // file holds half a checkpoint.
  const Load load{8000, 250, 1};
  bool killed_mid_write = false;
  long committed = 0;
  for (int attempt = 0; attempt < 3 && !killed_mid_write; ++attempt) {
    std::filesystem::remove(path);
    std::filesystem::remove(journal);
    committed = 0;
    pid_t pid = start_recording(path, load);
    std::uintmax_t committed_size = 0;
    bool in_write = wait_for([&] {
      std::error_code ec;
      if (committed == 0) {
        committed = checkpoints_in_file(path, load);
        committed_size = std::filesystem::file_size(path, ec);
        return false;
      }
      // From here on only look at the files: a read would wait for the
      // writer's lock, which it holds from the first page it writes into the
      // file until it commits, i.e. exactly while we want to kill it.
      // A journal and a file grown past the committed size: a checkpoint is
      // being written into the file itself.
      return std::filesystem::exists(journal, ec) &&
             std::filesystem::file_size(path, ec) > committed_size + (4u << 20);
    });
    kill_and_reap(pid);
    REQUIRE(in_write);
    // A journal still there after the kill is a hot journal: the file was
    // caught mid-transaction (if not, the write just finished; try again).
    killed_mid_write = std::filesystem::exists(journal);
  }
  REQUIRE(killed_mid_write);
  const auto size_at_kill = std::filesystem::file_size(path);

  CHECK(check_whole_checkpoints(path, load) >= committed);
  // Reading rolled the unfinished checkpoint's pages out of the file and
  // removed the journal.
  CHECK(std::filesystem::file_size(path) < size_at_kill);
  CHECK_FALSE(std::filesystem::exists(journal));
}
