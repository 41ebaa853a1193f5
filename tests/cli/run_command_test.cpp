// `firedrill run` and `firedrill validate` as a user meets them: exit codes,
// messages, the summary, and recordings that are byte-identical across
// processes for the same scenario and seed.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "command_runner.h"
#include "sim/base/input_error.h"
#include "sim/base/sha256.h"
#include "sim/record/recording.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("two runs of the same scenario and seed in two processes give byte-identical recordings",
          "[cli][determinism]") {
  ScratchDir dir;
  const std::string shop = source_path("scenarios/shop");
  REQUIRE(run_firedrill("run '" + shop + "' --until 5m --out a.fdrec", dir).exit_code == 0);
  // The same scenario reached by another, relative path to its YAML file.
  const std::string relative =
      std::filesystem::relative(shop + "/scenario.yaml", dir.path()).string();
  REQUIRE(
      run_firedrill("run './" + relative + "' --until 5m --seed 7 --out b.fdrec", dir).exit_code ==
      0);
  REQUIRE(run_firedrill("run '" + shop + "' --until 5m --seed 8 --out c.fdrec", dir).exit_code ==
          0);
  const std::string a = sha256_hex(read_file(dir.file("a.fdrec")));
  const std::string b = sha256_hex(read_file(dir.file("b.fdrec")));
  const std::string c = sha256_hex(read_file(dir.file("c.fdrec")));
  INFO("seed 7: " << a << " and " << b << "; seed 8: " << c);
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("run prints a per-service summary and writes a complete recording", "[cli]") {
  ScratchDir dir;
  auto r = run_firedrill("run '" + source_path("scenarios/shop") + "' --until 2m", dir);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("service") && Catch::Contains("req/s") &&
                        Catch::Contains("p99") && Catch::Contains("OOM kills"));
  CHECK_THAT(r.out, Catch::Contains("frontend") && Catch::Contains("datastore"));
  CHECK_THAT(r.out, Catch::Contains("recording: runs/shop-seed7.fdrec"));
  Recording rec = read_recording(dir.file("runs/shop-seed7.fdrec"));
  CHECK(rec.status == RunStatus::kComplete);
  CHECK(rec.end_time == 2 * kMinute);
  CHECK(rec.info.seed == 7);
  CHECK(rec.services.size() == 10);
  CHECK(rec.summary.size() == 10);
  CHECK(rec.metrics.size() > 100);
}

TEST_CASE("run --json gives the summary to machines", "[cli]") {
  ScratchDir dir;
  auto r = run_firedrill(
      "run '" + source_path("scenarios/shop") + "' --until 1m --json --out x.fdrec", dir);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["status"] == "complete");
  CHECK(j["simulated_seconds"] == 60.0);
  CHECK(j["events"].get<long>() > 0);
  CHECK(j["recording"] == "x.fdrec");
  REQUIRE(j["services"].size() == 10);
  CHECK(j["services"][0]["service"] == "frontend");
  CHECK(j["services"][0]["requests_per_second"].get<double>() == Approx(400).epsilon(0.1));
}

TEST_CASE("validate accepts a good scenario and explains a bad one with file:line:column",
          "[cli]") {
  ScratchDir dir;
  auto ok = run_firedrill("validate '" + source_path("scenarios/shop") + "'", dir);
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("ok") && Catch::Contains("10 services"));

  const std::string bad =
      std::string(FIREDRILL_TEST_DATA) + "/scenarios/bad/unknown_call_target.yaml";
  auto r = run_firedrill("validate '" + bad + "'", dir);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains(bad + ":") && Catch::Contains("error: unknown service") &&
                        Catch::Contains("did you mean"));
  // run refuses the same file the same way, before writing anything.
  auto run = run_firedrill("run '" + bad + "'", dir);
  CHECK(run.exit_code == 1);
  CHECK(run.err == r.err);
  CHECK_FALSE(std::filesystem::exists(dir.file("runs")));
}

TEST_CASE("bad command lines get a usage error, --help and --version work", "[cli]") {
  ScratchDir dir;
  CHECK(run_firedrill("", dir).exit_code == 2);
  CHECK(run_firedrill("frobnicate", dir).exit_code == 2);
  auto bad_option = run_firedrill("run x --bogus", dir);
  CHECK(bad_option.exit_code == 2);
  CHECK_THAT(bad_option.err, Catch::Contains("--bogus"));

  auto help = run_firedrill("--help", dir);
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("run") && Catch::Contains("validate"));
  auto run_help = run_firedrill("run --help", dir);
  CHECK(run_help.exit_code == 0);
  CHECK_THAT(run_help.out,
             Catch::Contains("--seed") && Catch::Contains("--until") && Catch::Contains("--out"));
  CHECK(run_firedrill("--version", dir).exit_code == 0);
}

TEST_CASE("run explains bad arguments and missing scenarios", "[cli]") {
  ScratchDir dir;
  const std::string shop = source_path("scenarios/shop");
  auto until = run_firedrill("run '" + shop + "' --until soon", dir);
  CHECK(until.exit_code == 1);
  CHECK_THAT(until.err, Catch::Contains("--until: invalid duration 'soon'"));
  auto missing = run_firedrill("run no-such-scenario", dir);
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("cannot read scenario 'no-such-scenario'"));
  // A file where the default recording folder would go.
  { std::ofstream blocker(dir.file("runs")); }
  auto blocked = run_firedrill("run '" + shop + "' --until 1m", dir);
  CHECK(blocked.exit_code == 1);
  CHECK_THAT(blocked.err, Catch::Contains("cannot create the folder 'runs'"));
  // A device is never replaced by a recording (as root, /dev/null would be deleted).
  auto device = run_firedrill("run '" + shop + "' --until 1m --out /dev/null", dir);
  CHECK(device.exit_code == 1);
  CHECK_THAT(device.err, Catch::Contains("'/dev/null' exists and is not a regular file"));
  CHECK(std::filesystem::is_character_file("/dev/null"));
  CHECK_FALSE(std::filesystem::exists("/dev/null.actions"));
  auto unwritable = run_firedrill("run '" + shop + "' --until 1m --out /proc/nope/x.fdrec", dir);
  CHECK(unwritable.exit_code == 1);
  CHECK_THAT(unwritable.err, Catch::Contains("/proc/nope/x.fdrec"));
}

TEST_CASE("a run killed with SIGKILL leaves a readable recording of what it had", "[cli]") {
  ScratchDir dir;
  const std::string out = dir.file("killed.fdrec");
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const std::string shop = source_path("scenarios/shop");
    execl(FIREDRILL_EXE, "firedrill", "run", shop.c_str(), "--until", "100h", "--out", out.c_str(),
          "--json", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until a checkpoint or two are in the file (slow under sanitizers).
  for (int i = 0; i < 600; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    try {
      if (read_recording(out).end_time >= 2 * kMinute) break;
    } catch (const InputError&) {
      // Not created yet, or busy committing.
    }
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  Recording rec = read_recording(out);
  CHECK(rec.status == RunStatus::kRunning);
  CHECK(rec.end_time >= 2 * kMinute);  // the checkpoints made before the kill
  CHECK(rec.end_time % kMinute == 0);
  const SeriesId id =
      *rec.metrics.find("requests_total", {{"service", "frontend"}, {"code", "200"}});
  CHECK(rec.metrics.series(id).samples.back().time <= rec.end_time);
}
