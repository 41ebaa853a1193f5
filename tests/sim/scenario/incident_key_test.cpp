// The `incident:` key (the ground truth) and `responder:`: loaded, and each
// mistake reported once at its line and column.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/scenario/loader.h"

using namespace firedrill;

namespace {

using Problems = std::vector<std::string>;

const char* const kHead = R"(firedrill: 1
name: inc
title: Incident
duration: 1h
teams:
  payments: {members: [dave]}
services:
  checkout: {team: payments, replicas: 2}
  db: {replicas: 1, failover: 30s}
traffic:
  - {entry: checkout, rate: 10/s}
)";

Problems problems_in(const std::string& tail) {
  try {
    load_scenario_text(std::string(kHead) + tail, "inline.yaml");
  } catch (const InputError& e) {
    Problems out;
    for (const Diagnostic& d : e.diagnostics()) out.push_back(d.str());
    return out;
  }
  return {"(loaded without error)"};
}

std::string at(int line, int column) {
  return "inline.yaml:" + std::to_string(line) + ":" + std::to_string(column) + ": error: ";
}

}  // namespace

TEST_CASE("incident: every key loads", "[scenario][response]") {
  const Scenario s = load_scenario_text(std::string(kHead) + R"(incident:
  severity: sev-1
  root_cause: {service: db, fault: outage}
  team: payments
  start: 15m
  fixes: ["failover db", "scale 4 checkout", "flag new-ui off checkout"]
)",
                                        "inline.yaml");
  REQUIRE(s.incident);
  CHECK(s.incident->severity == 1);
  CHECK(s.incident->root_cause_service == "db");
  CHECK(s.incident->root_cause_fault == "outage");
  CHECK(s.incident->team == "payments");
  CHECK(s.incident->start == 15 * kMinute);
  CHECK(s.incident->start_given);
  CHECK(s.incident->summary.empty());
  REQUIRE(s.incident->fixes.size() == 3);
  CHECK(s.incident->fixes[0].mitigation == "failover");
  CHECK(s.incident->fixes[0].service == "db");
  CHECK(s.incident->fixes[0].service_index == 1);
  CHECK(s.incident->fixes[0].args.empty());
  CHECK(s.incident->fixes[1].args == std::vector<std::string>{"4"});
  CHECK(s.incident->fixes[2].args == std::vector<std::string>{"new-ui", "off"});
  CHECK(s.incident->fixes[2].where.line == 17);
}

TEST_CASE("incident: a scenario's incident without start, with a summary", "[scenario][response]") {
  const Scenario s = load_scenario_text(std::string(kHead) + R"(incident:
  root_cause: {service: db, fault: outage}
  summary: |
    The primary database lost its disk at 09:10. Replication lag meant the
    standby was 30 seconds behind.
)",
                                        "inline.yaml");
  REQUIRE(s.incident);
  CHECK_FALSE(s.incident->start_given);
  CHECK(s.incident->start == 0);
  CHECK(s.incident->summary ==
        "The primary database lost its disk at 09:10. Replication lag meant the\n"
        "standby was 30 seconds behind.\n");

  const Scenario zero =
      load_scenario_text(std::string(kHead) + "incident: {start: 0}\n", "inline.yaml");
  REQUIRE(zero.incident);
  CHECK(zero.incident->start_given);  // given as 0: the run's start, not the first fault
  CHECK(zero.incident->start == 0);

  CHECK(problems_in("incident: {summary: [a, b]}\n") ==
        Problems{at(12, 21) + "expected a string for 'summary', got a list"});
  CHECK(problems_in("incident: {sumary: x}\n") ==
        Problems{at(12, 12) + "unknown key 'sumary' in 'incident' (did you mean 'summary'?)"});
}

TEST_CASE("incident: mistakes are reported at their place", "[scenario][response]") {
  CHECK(problems_in("incident: {severity: SEV-5}\n") ==
        Problems{at(12, 22) + "expected SEV-1, SEV-2, SEV-3 or SEV-4 for 'severity', got 'SEV-5'"});
  CHECK(
      problems_in("incident:\n  root_cause: {service: chekout, fault: memory-leek}\n") ==
      Problems{at(13, 25) + "unknown service 'chekout' in 'root_cause' (did you mean 'checkout'?)",
               at(13, 41) + "unknown fault kind 'memory-leek' (did you mean 'memory-leak'?) (the "
                            "kinds trainees can name with `rootcause`, docs/actions.md)"});
  CHECK(problems_in("incident:\n  root_cause: {service: db}\n") ==
        Problems{at(13, 15) + "missing required key 'fault' in 'root_cause' of 'incident'"});
  CHECK(problems_in("incident: {team: paymnets}\n") ==
        Problems{at(12, 18) + "unknown team 'paymnets' in 'incident' (did you mean 'payments'?)"});
  CHECK(
      problems_in("incident: {start: 2h}\n") ==
      Problems{at(12, 19) + "the incident's 'start' (2h) must be within the run ('duration' 1h)"});
  CHECK(problems_in("incident:\n  fixes: [\"reboot db\", \"rollback dbx\"]\n") ==
        Problems{at(13, 11) +
                     "in 'fixes': unknown mitigation 'reboot' (usage: mitigate "
                     "restart|rollback|failover|drain|undrain SERVICE, mitigate scale N SERVICE, "
                     "mitigate rate-limit R/s|off SERVICE, mitigate flag NAME on|off SERVICE)",
                 at(13, 24) + "unknown service 'dbx' in 'fixes' (did you mean 'db'?)"});
  CHECK(problems_in("incident: {sev: SEV-1}\n").front().find("unknown key 'sev'") !=
        std::string::npos);
}

TEST_CASE("responder: names a Lua file of the scenario's folder", "[scenario][response]") {
  CHECK(problems_in("responder: bot.lua\n").front().find("bot.lua") != std::string::npos);
}
