// The scenario keys behind mitigations: a service's `failover:` (how long
// promoting its standby takes) and a call's `flag:` (the feature flag that
// gates an optional call).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/scenario/loader.h"

using namespace firedrill;

namespace {

using Problems = std::vector<std::string>;

// Every problem found in inline YAML, which is named "inline.yaml".
Problems problems_in(std::string_view yaml) {
  try {
    load_scenario_text(yaml, "inline.yaml");
  } catch (const InputError& e) {
    Problems out;
    for (const Diagnostic& d : e.diagnostics()) out.push_back(d.str());
    return out;
  }
  return {"(loaded without error)"};
}

std::string inline_at(int line, int column) {
  return "inline.yaml:" + std::to_string(line) + ":" + std::to_string(column) + ": error: ";
}

}  // namespace

TEST_CASE("failover and flag are read, and default to none", "[scenario][loader][mitigation]") {
  const Scenario s = load_scenario_text(R"(firedrill: 1
name: shop
title: Shop
services:
  web:
    calls:
      - {to: recs, optional: true, flag: show_recs-v2}
      - {to: db}
  recs: {}
  db:
    failover: 30s
traffic:
  - {entry: web, rate: 1/s}
)",
                                        "shop.yaml");
  CHECK(s.services[0].calls.at(0).flag == "show_recs-v2");
  CHECK(s.services[0].calls.at(1).flag.empty());
  CHECK(s.services[0].failover == 0);
  CHECK(s.services[2].failover == 30 * kSecond);
}

TEST_CASE("a bad failover or flag is reported where it is written",
          "[scenario][errors][mitigation]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
services:
  web:
    failover: 0s
    calls:
      - {to: recs, flag: recs}
      - {to: db, optional: true, flag: Show Recs}
      - {to: db, optional: true, flag: [a]}
      - {to: db, optional: true, flag: ""}
  recs: {failover: fast}
  db: {failovr: 1m}
traffic: [{entry: web, rate: 1/s}]
)") == Problems{
           inline_at(6, 15) +
               "'failover' (the time to promote the standby) must be longer than 0; leave it "
               "out for a service without a standby",
           inline_at(8, 26) +
               "a call with a 'flag' must be 'optional: true' (its caller must work without it "
               "while the flag is off)",
           inline_at(9, 40) +
               "invalid flag name 'Show Recs' (expected lowercase letters, digits, '-' and '_', "
               "starting with a letter or digit)",
           inline_at(10, 40) + "expected a string for 'flag', got a list",
           inline_at(11, 40) +
               "invalid flag name '' (expected lowercase letters, digits, '-' and '_', starting "
               "with a letter or digit)",
           inline_at(12, 20) +
               "invalid duration 'fast': a number must come before each unit (expected "
               "something like 250ms, 30s, 5m, 1h30m)",
           inline_at(13, 8) + "unknown key 'failovr' in service 'db' (did you mean 'failover'?)",
       });
}
