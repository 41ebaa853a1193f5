// Scenarios with a fault script, through the firedrill command: recordings
// byte-identical across processes whatever Lua's per-process string hashing
// does, script errors that stop the run and stay in the recording, and
// validate catching script mistakes.
#include <catch2/catch.hpp>

#include "command_runner.h"
#include "sim/base/sha256.h"
#include "sim/record/recording.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

std::string scripted(const std::string& name) {
  return std::string(FIREDRILL_TEST_DATA) + "/scenarios/scripted/" + name;
}

}  // namespace

TEST_CASE("faults scheduled from a pairs loop give byte-identical recordings in two processes",
          "[cli][determinism]") {
  // Plain Lua visits string keys in a per-process order (try it: lua5.4
  // seeds its string hash from the time and addresses); the sandbox's pairs
  // must not, or the faults land on other services at other times.
  ScratchDir dir;
  const std::string scenario = scripted("pairs-order");
  REQUIRE(run_firedrill("run '" + scenario + "' --out a.fdrec", dir).exit_code == 0);
  REQUIRE(run_firedrill("run '" + scenario + "' --out b.fdrec", dir).exit_code == 0);
  const std::string a = sha256_hex(read_file(dir.file("a.fdrec")));
  const std::string b = sha256_hex(read_file(dir.file("b.fdrec")));
  INFO(a << " vs " << b);
  CHECK(a == b);

  // The faults came in key order, one service a minute.
  Recording rec = read_recording(dir.file("a.fdrec"));
  std::vector<std::string> order;
  for (const RunEvent& e : rec.journal.events) {
    if (e.kind == "fault" && e.attributes.front().second == "errors") order.push_back(e.service);
  }
  CHECK(order == std::vector<std::string>{"ads", "cart", "checkout", "db", "frontend", "payments",
                                          "search", "shipping"});
  // The fault script is part of the recorded scenario.
  REQUIRE(rec.sources.size() == 2);
  CHECK(rec.sources[1].path == "faults.lua");
}

TEST_CASE("a script error's traceback is the same in every process", "[cli][determinism]") {
  ScratchDir dir;
  const std::string scenario = scripted("traceback-names");
  for (const char* out : {"a.fdrec", "b.fdrec", "c.fdrec"}) {
    REQUIRE(run_firedrill("run '" + scenario + "' --out " + out, dir).exit_code == 1);
  }
  const std::string a = sha256_hex(read_file(dir.file("a.fdrec")));
  CHECK(a == sha256_hex(read_file(dir.file("b.fdrec"))));
  CHECK(a == sha256_hex(read_file(dir.file("c.fdrec"))));
  CHECK_THAT(read_recording(dir.file("a.fdrec")).error,
             Catch::StartsWith("faults.lua:5: bad argument #1 to 'random' (interval is empty)"));
}

TEST_CASE("a script error stops the run with file:line and a traceback, and is recorded", "[cli]") {
  ScratchDir dir;
  auto r = run_firedrill("run '" + scripted("lua-error") + "' --out e.fdrec", dir);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err,
             Catch::Contains("run failed at 00:05:00.000: faults.lua:4: attempt to index a "
                             "nil value (field 'primary')") &&
                 Catch::Contains("in the callback registered by at(\"5m\") at faults.lua:7") &&
                 Catch::Contains("stack traceback:") &&
                 Catch::Contains("faults.lua:9: in function <faults.lua:7>"));

  Recording rec = read_recording(dir.file("e.fdrec"));
  CHECK(rec.status == RunStatus::kFailed);
  CHECK_THAT(rec.error, Catch::StartsWith("faults.lua:4: attempt to index a nil value"));
  CHECK(rec.end_time == 5 * kMinute);
  // Everything up to the failure is there, including the fault it had set.
  CHECK(rec.metrics.sample_count() > 0);
  bool fault_recorded = false;
  for (const RunEvent& e : rec.journal.events) fault_recorded |= e.kind == "fault";
  CHECK(fault_recorded);
}

TEST_CASE("validate runs the script's top level and names the line of an unknown service",
          "[cli]") {
  ScratchDir dir;
  const std::string scenario = scripted("unknown-service");
  auto r = run_firedrill("validate '" + scenario + "'", dir);
  CHECK(r.exit_code == 1);
  CHECK(r.err == scenario +
                     "/faults.lua:2: error: unknown service 'chekout' (did you mean "
                     "'checkout'?)\n");
  auto run = run_firedrill("run '" + scenario + "' --out u.fdrec", dir);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::Contains("faults.lua:2: unknown service 'chekout'"));
}

TEST_CASE("a scenario naming a missing script is refused at the key", "[cli]") {
  ScratchDir dir;
  const std::string scenario = scripted("missing-script");
  auto r = run_firedrill("validate '" + scenario + "'", dir);
  CHECK(r.exit_code == 1);
  CHECK(r.err == scenario + "/scenario.yaml:9:9: error: cannot read 'fautls.lua' (" + scenario +
                     "/fautls.lua): no such file\n");
}

TEST_CASE("validate and run accept a scenario whose script is sound", "[cli]") {
  ScratchDir dir;
  auto r = run_firedrill("validate '" + scripted("pairs-order") + "'", dir);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("faults in faults.lua"));
}
