// `firedrill drill` with commands piped in (stdin not a terminal): no line
// editing, still paced, and `wait` holds the next commands until a simulated
// time, so that a script of commands gives the same run every time. The
// recording must be byte-identical to replaying the drill's action log.
#include <catch2/catch.hpp>

#include <fstream>

#include "command_runner.h"
#include "sim/record/recording.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("a piped drill applies commands at its waits and replays byte for byte", "[cli][drill]") {
  ScratchDir dir;
  {
    std::ofstream script(dir.file("commands.txt"));
    script << "wait until 09:41\n"
              "pages\n"
              "ack 1\n"
              "ack 9\n"
              "mitigate rollback chekout\n"
              "mitigate rollback checkout\n"
              "declare \"checkout OOM\"\n"
              "dash checkout\n"
              "logs checkout --since 1m\n"
              "wait 2m\n"
              "pages\n"
              "resolve\n"
              "quit\n";
  }
  const std::string scenario = source_path("scenarios/checkout-memory-leak");
  // As fast as the machine goes: the waits, not the pacing, place the actions.
  const CommandResult r = run_firedrill("drill '" + scenario +
                                            "' --speed 100000 --name tester --out d.fdrec "
                                            "< commands.txt",
                                        dir);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Trainee: tester"));
  CHECK_THAT(r.out, Catch::Contains(
                        "09:40:30  PAGE #1 payments: dave paged (level 1): [FIRING:1] checkout "
                        "(CrashLooping page)"));
  CHECK_THAT(r.out, Catch::Contains("[09:41:00] > ack 1"));
  CHECK_THAT(r.out, Catch::Contains("09:41:00  ok: acknowledged incident #1"));
  CHECK_THAT(r.out, Catch::Contains("09:41:00  refused: ack: no incident #9"));
  CHECK_THAT(r.out, Catch::Contains("refused: mitigate: unknown service 'chekout' (did you "
                                    "mean 'checkout'?)"));
  CHECK_THAT(r.out, Catch::Contains("mitigation done: rollback checkout"));
  CHECK_THAT(r.out, Catch::Contains("checkout — last 15m to 09:41:00"));
  CHECK_THAT(r.out, Catch::Contains("#1 payments  ACKNOWLEDGED"));
  CHECK_THAT(r.out, Catch::Contains("Drill over: quit at 09:43:00"));
  // Ground truth stays hidden.
  CHECK_THAT(r.out, !Catch::Contains("fault"));

  const std::string log = read_file(dir.file("d.actions"));
  CHECK_THAT(log, Catch::Contains("at 41m tester ack 1\n"));
  CHECK_THAT(log, Catch::Contains("at 41m tester mitigate rollback checkout\n"));
  CHECK_THAT(log, Catch::Contains("at 41m tester declare \"checkout OOM\"\n"));
  CHECK_THAT(log, Catch::Contains("at 43m tester resolve\n"));
  CHECK_THAT(log, Catch::EndsWith("stop 43m\n"));

  const Recording rec = read_recording(dir.file("d.fdrec"));
  CHECK(rec.status == RunStatus::kComplete);
  CHECK(rec.end_time == 43 * kMinute);

  const CommandResult replay = run_firedrill(
      "run --no-score '" + scenario + "' --actions d.actions --out replay.fdrec", dir);
  INFO(replay.err);
  REQUIRE(replay.exit_code == 0);
  CHECK(read_file(dir.file("d.fdrec")) == read_file(dir.file("replay.fdrec")));
}

TEST_CASE("a piped drill ends at the end of input, and at the end of the scenario",
          "[cli][drill]") {
  ScratchDir dir;
  // One service at 10 requests per second for an hour: quick to simulate.
  const std::string scenario = std::string(FIREDRILL_TEST_DATA) + "/scenarios/good/minimal.yaml";
  const CommandResult eof =
      run_firedrill("drill '" + scenario + "' --name tester --out e.fdrec < /dev/null", dir);
  INFO(eof.out << eof.err);
  CHECK(eof.exit_code == 0);
  CHECK_THAT(eof.out, Catch::Contains("Drill over: end of input at 09:00:00"));
  CHECK_THAT(read_file(dir.file("e.actions")), Catch::EndsWith("stop 0s\n"));

  // `wait` counts from when its line is read: the first lines of a file
  // are read at time 0.
  std::ofstream(dir.file("relative.txt")) << "wait 10m\npages\n";
  const CommandResult relative =
      run_firedrill("drill '" + scenario + "' --speed 100000 --out r.fdrec < relative.txt", dir);
  INFO(relative.out << relative.err);
  CHECK_THAT(relative.out, Catch::Contains("[09:10:00] > pages\n"
                                           "this scenario pages nobody (it has no teams)"));

  // A wait past the end: the drill ends with the scenario, without a stop line.
  std::ofstream(dir.file("wait.txt")) << "wait 3h\n";
  const CommandResult end =
      run_firedrill("drill '" + scenario + "' --speed 100000 --out f.fdrec < wait.txt", dir);
  INFO(end.out << end.err);
  CHECK(end.exit_code == 0);
  CHECK_THAT(end.out, Catch::Contains("Drill over: the scenario ended at 10:00:00"));
  CHECK_THAT(read_file(dir.file("f.actions")), !Catch::Contains("stop"));
  CHECK(read_recording(dir.file("f.fdrec")).status == RunStatus::kComplete);
}

TEST_CASE("a drill whose fault script fails ends with the failure, exit status 1", "[cli][drill]") {
  ScratchDir dir;
  std::ofstream(dir.file("wait.txt")) << "wait 10m\n";
  const std::string scenario = std::string(FIREDRILL_TEST_DATA) + "/scenarios/scripted/lua-error";
  const CommandResult r =
      run_firedrill("drill '" + scenario + "' --speed 100000 --out f.fdrec < wait.txt", dir);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("Drill over: the run failed at 09:05:00"));
  CHECK_THAT(r.err, Catch::Contains("run failed at 00:05:00.000: faults.lua:4:"));
  CHECK(read_recording(dir.file("f.fdrec")).status == RunStatus::kFailed);
}

TEST_CASE("drill refuses bad options", "[cli][drill]") {
  ScratchDir dir;
  const std::string scenario = source_path("scenarios/checkout-memory-leak");
  const CommandResult slow = run_firedrill("drill '" + scenario + "' --speed 0 < /dev/null", dir);
  CHECK(slow.exit_code == 1);
  CHECK_THAT(slow.err, Catch::Contains("--speed must be from 0.1 to 100000, got 0"));
  const CommandResult missing = run_firedrill("drill no-such-scenario < /dev/null", dir);
  CHECK(missing.exit_code == 1);
  // Without --out, the recording goes to runs/, the action log beside it.
  const CommandResult defaults = run_firedrill("drill '" + scenario + "' < /dev/null", dir);
  CHECK(defaults.exit_code == 0);
  CHECK_THAT(defaults.out,
             Catch::Contains("Recording:  runs/checkout-memory-leak-drill-seed7.fdrec") &&
                 Catch::Contains("Action log: runs/checkout-memory-leak-drill-seed7.actions"));
}
