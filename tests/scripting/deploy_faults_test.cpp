// deploy(svc, version [, description] [, fn]): the faults a deploy's function
// turns on come with the deploy, and a rollback of that deploy ends them.
#include <catch2/catch.hpp>

#include <string>

#include "script_fixture.h"
#include "sim/model/run_reading.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("faults set in a deploy's function end when the deploy is rolled back",
          "[faults][deploy]") {
  ScriptRun run(R"(
local checkout, db = service("checkout"), service("db")
at("1m", function()
  deploy(checkout, "v2", "cache promotions", function()
    checkout:errors{ rate = 0.3 }
    db:latency{ add = "20ms" }
  end)
  checkout:cpu_hog{ factor = 2 }  -- not the deploy's
end)
)");
  REQUIRE(run.run(2 * kMinute));
  Simulation& sim = run.sim();
  CHECK(sim.version(1) == "v2");
  sim.roll_back(1);
  sim.run_until(3 * kMinute);
  const RunJournal& j = sim.journal();
  auto cleared = events_of(j, "fault_cleared");
  REQUIRE(cleared.size() == 2);
  // Two replicas of 10 s startup each.
  CHECK(cleared[0].time == 2 * kMinute + 20 * kSecond);
  CHECK(cleared[0].service == "checkout");
  CHECK(attribute(cleared[0], "fault") == "errors");
  CHECK(cleared[1].service == "db");
  CHECK(attribute(cleared[1], "fault") == "latency");
  CHECK(sim.version(1) == "");
  auto deploys = events_of(j, "deploy");
  REQUIRE(deploys.size() == 1);
  CHECK(j.changes.at(0).description == "cache promotions");
}

TEST_CASE("a deploy's function may come third, and its errors are the script's",
          "[faults][deploy]") {
  ScriptRun third(R"(
deploy("checkout", "v2", function() service("checkout"):errors{ rate = 0.1 } end)
rollback("checkout")
)");
  REQUIRE(third.run(kMinute));
  auto cleared = events_of(third.sim().journal(), "fault_cleared");
  REQUIRE(cleared.size() == 1);
  CHECK(cleared[0].time == 0);

  ScriptRun failing(R"(
deploy("checkout", "v2", "", function()
  error("boom")
end)
)");
  CHECK_FALSE(failing.run(kMinute));
  CHECK(failing.error_line() == "faults.lua:3: boom");

  ScriptRun bad_fault(R"(
deploy("checkout", "v2", function()
  service("checkout"):errors{ rate = 2 }
end)
)");
  CHECK_FALSE(bad_fault.run(kMinute));
  CHECK(bad_fault.error_line().rfind("faults.lua:3: ", 0) == 0);

  ScriptRun not_a_function(R"(deploy("checkout", "v2", "text", 3))");
  CHECK_FALSE(not_a_function.run(kMinute));
  CHECK(not_a_function.error_line() ==
        "faults.lua:1: deploy: the 4th argument must be a function (the faults of the deploy), "
        "got number");

  ScriptLimits limits;
  limits.instructions_per_callback = 1'000'000;
  ScriptRun looping(R"(deploy("checkout", "v2", function() while true do end end))",
                    shop_scenario(), limits);
  CHECK_FALSE(looping.run(kMinute));
  CHECK(looping.error().find("instruction budget exceeded") != std::string::npos);
}
