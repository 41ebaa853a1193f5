// The `scoring:` key: how runs of a scenario are scored. Every key loads, the
// defaults hold without it (the SLO on the first traffic entry), and each
// mistake is reported once at its line and column.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/scenario/loader.h"

using namespace firedrill;

namespace {

using Problems = std::vector<std::string>;

// 12 lines: what follows starts at line 13.
const char* const kHead = R"(firedrill: 1
name: sc
title: Scoring
duration: 1h
teams:
  payments: {members: [dave]}
services:
  frontend: {calls: [{to: checkout}]}
  checkout: {team: payments, replicas: 2}
traffic:
  - {entry: frontend, rate: 10/s}
  - {entry: checkout, rate: 1/s}
)";

Scenario load(const std::string& tail) {
  return load_scenario_text(std::string(kHead) + tail, "inline.yaml");
}

Problems problems_in(const std::string& tail) {
  try {
    load(tail);
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

TEST_CASE("scenario scoring: every key loads", "[scenario][scoring]") {
  const Scenario s = load(R"(scoring:
  minimum: 80
  slo: {service: checkout, objective: 99.9%, latency: 250ms, window: 7d}
  targets: {acknowledge: 5m, respond: 30m, mitigate: 1h, first_status: 15m, status_every: 30m}
  weights: {detection: 10, triage: 20, escalation: 20, mitigation: 30, communication: 10, impact: 10}
  acceptable: ["restart checkout", "scale 4 checkout"]
)");
  REQUIRE(s.scoring_given);
  const ScoringSpec& sc = s.scoring;
  CHECK(sc.where.line == 14);
  CHECK(sc.where.column == 3);
  CHECK(sc.minimum == 80);

  CHECK(sc.slo.service == "checkout");
  CHECK(sc.slo.service_index == 1);
  CHECK(sc.slo.objective == 0.999);  // exactly the double nearest 0.999
  CHECK(sc.slo.latency == 250 * kMillisecond);
  CHECK(sc.slo.window == 7 * kDay);
  CHECK(sc.slo.where.line == 15);
  CHECK(sc.slo.where.column == 8);

  CHECK(sc.targets.acknowledge == 5 * kMinute);
  CHECK(sc.targets.respond == 30 * kMinute);
  CHECK(sc.targets.mitigate == kHour);
  CHECK(sc.targets.first_status == 15 * kMinute);
  CHECK(sc.targets.status_every == 30 * kMinute);
  CHECK(sc.targets.status_cadence_required);

  CHECK(sc.weights.detection == 10);
  CHECK(sc.weights.triage == 20);
  CHECK(sc.weights.escalation == 20);
  CHECK(sc.weights.mitigation == 30);
  CHECK(sc.weights.communication == 10);
  CHECK(sc.weights.impact == 10);

  REQUIRE(sc.acceptable.size() == 2);
  CHECK(sc.acceptable[0].mitigation == "restart");
  CHECK(sc.acceptable[0].service == "checkout");
  CHECK(sc.acceptable[0].service_index == 1);
  CHECK(sc.acceptable[0].args.empty());
  CHECK(sc.acceptable[1].mitigation == "scale");
  CHECK(sc.acceptable[1].args == std::vector<std::string>{"4"});
  CHECK(sc.acceptable[1].where.line == 18);
  CHECK(sc.acceptable[1].where.column == 36);
}

TEST_CASE("scenario scoring: without the key, the defaults with the SLO on the first traffic entry",
          "[scenario][scoring]") {
  const Scenario s = load("");
  CHECK_FALSE(s.scoring_given);
  const ScoringSpec& sc = s.scoring;
  CHECK(sc.minimum == 70);
  CHECK(sc.slo.service == "frontend");
  CHECK(sc.slo.service_index == 0);
  CHECK(sc.slo.objective == 0.999);
  CHECK(sc.slo.latency == 0);
  CHECK(sc.slo.window == 30 * kDay);
  CHECK(sc.slo.where.line == 11);  // the traffic entry the service came from
  CHECK(sc.targets.acknowledge == 0);
  CHECK(sc.targets.respond == 0);
  CHECK(sc.targets.mitigate == 0);
  CHECK(sc.targets.first_status == 0);
  CHECK(sc.targets.status_every == 0);
  CHECK(sc.targets.status_cadence_required);
  CHECK(sc.weights.detection + sc.weights.triage + sc.weights.escalation + sc.weights.mitigation +
            sc.weights.communication + sc.weights.impact ==
        100);
  CHECK(sc.acceptable.empty());

  // Given, but without an SLO service: still the first traffic entry's.
  const Scenario t = load("scoring: {minimum: 0, slo: {objective: 0.99}}\n");
  CHECK(t.scoring_given);
  CHECK(t.scoring.minimum == 0);
  CHECK(t.scoring.slo.service == "frontend");
  CHECK(t.scoring.slo.objective == 0.99);
  CHECK(t.scoring.slo.where.line == 13);
  CHECK(t.scoring.slo.where.column == 28);
  CHECK(t.scoring.weights.mitigation == 25);
}

TEST_CASE("scenario scoring: an objective is a percentage or a fraction", "[scenario][scoring]") {
  const auto objective = [](const std::string& text) {
    return load("scoring:\n  slo: {objective: " + text + "}\n").scoring.slo.objective;
  };
  CHECK(objective("99.9%") == 0.999);
  CHECK(objective("0.999") == 0.999);
  CHECK(objective("99.95%") == 0.9995);
  CHECK(objective("99%") == 0.99);
  CHECK(objective("\"99.5%\"") == 0.995);
  CHECK(objective("5e-1") == 0.5);
}

TEST_CASE("scenario scoring: status_every none requires no cadence", "[scenario][scoring]") {
  const Scenario s = load("scoring:\n  targets: {status_every: none, mitigate: 45m}\n");
  CHECK_FALSE(s.scoring.targets.status_cadence_required);
  CHECK(s.scoring.targets.status_every == 0);
  CHECK(s.scoring.targets.mitigate == 45 * kMinute);
}

TEST_CASE("scenario scoring: every SLO latency bucket bound is accepted", "[scenario][scoring]") {
  for (const char* bound :
       {"5ms", "10ms", "25ms", "50ms", "100ms", "250ms", "500ms", "1s", "2.5s", "5s", "10s"}) {
    CAPTURE(bound);
    const Scenario s = load(std::string("scoring:\n  slo: {latency: ") + bound + "}\n");
    CHECK(s.scoring.slo.latency == parse_duration(bound));
  }
}

TEST_CASE("scenario scoring: mistakes are reported at their place", "[scenario][scoring]") {
  CHECK(problems_in("scoring: 80\n") ==
        Problems{at(13, 10) + "expected a map for 'scoring', got '80'"});
  CHECK(problems_in("scoring:\n  minimun: 80\n") ==
        Problems{at(14, 3) + "unknown key 'minimun' in 'scoring' (did you mean 'minimum'?)"});
  CHECK(problems_in("scoring:\n  minimum: 120\n") ==
        Problems{at(14, 12) + "'minimum' must be between 0 and 100, got 120"});
  CHECK(problems_in("scoring:\n  minimum: 7.5\n") ==
        Problems{at(14, 12) + "expected an integer for 'minimum', got '7.5'"});
}

TEST_CASE("scenario scoring: SLO mistakes are reported at their place", "[scenario][scoring]") {
  CHECK(problems_in("scoring:\n  slo: {objectve: 99%}\n") ==
        Problems{at(14, 9) +
                 "unknown key 'objectve' in 'slo' of 'scoring' (did you mean 'objective'?)"});
  CHECK(problems_in("scoring:\n  slo: {service: frontnd}\n") ==
        Problems{at(14, 18) + "unknown service 'frontnd' in 'slo' (did you mean 'frontend'?)"});
  CHECK(problems_in("scoring:\n  slo: {objective: 100%}\n") ==
        Problems{at(14, 20) +
                 "'objective' must be strictly between 0 and 1 (0% and 100%), got 100%"});
  CHECK(problems_in("scoring:\n  slo: {objective: 0}\n") ==
        Problems{at(14, 20) + "'objective' must be strictly between 0 and 1 (0% and 100%), got 0"});
  CHECK(problems_in("scoring:\n  slo: {objective: 99.9}\n") ==
        Problems{at(14, 20) +
                 "'objective' must be strictly between 0 and 1 (0% and 100%), got 99.9"});
  CHECK(problems_in("scoring:\n  slo: {objective: three nines}\n") ==
        Problems{at(14, 20) +
                 "expected a percentage like 99.9% or a fraction like 0.999 for 'objective', got "
                 "'three nines'"});
  CHECK(problems_in("scoring:\n  slo: {latency: 300ms}\n") ==
        Problems{at(14, 18) +
                 "'latency' must be a bucket bound of request_duration_seconds (5ms, 10ms, 25ms, "
                 "50ms, 100ms, 250ms, 500ms, 1s, 2.5s, 5s, 10s; leave it out for availability "
                 "only), got 300ms (did you mean 250ms?)"});
  CHECK(problems_in("scoring:\n  slo: {latency: fast}\n")
            .front()
            .rfind(at(14, 18) + "invalid duration 'fast'", 0) == 0);
  CHECK(problems_in("scoring:\n  slo: {window: 0}\n") ==
        Problems{at(14, 17) + "'window' must be greater than 0"});
}

TEST_CASE("scenario scoring: target mistakes are reported at their place", "[scenario][scoring]") {
  CHECK(problems_in("scoring:\n  targets: {acknowledge: 0, status_every: never}\n") ==
        Problems{at(14, 26) +
                     "'acknowledge' must be greater than 0 (leave it out to use the severity's "
                     "target)",
                 at(14, 43) + "expected a duration (like 30m) or none for 'status_every', got "
                              "'never'"});
  CHECK(problems_in("scoring:\n  targets: {status_every: 0}\n") ==
        Problems{at(14, 27) +
                 "'status_every' must be greater than 0 (or none for no cadence; leave it out "
                 "to use the severity's target)"});
  CHECK(problems_in("scoring:\n  targets: {respnd: 30m}\n") ==
        Problems{at(14, 13) +
                 "unknown key 'respnd' in 'targets' of 'scoring' (did you mean 'respond'?)"});
}

TEST_CASE("scenario scoring: weights must sum to 100", "[scenario][scoring]") {
  CHECK(problems_in("scoring:\n  weights: {detection: 30}\n") ==
        Problems{at(14, 12) +
                 "the 'weights' must sum to 100, got 110 (detection 30, triage 20, escalation 15, "
                 "mitigation 25, communication 10, impact 10); a weight left out keeps its "
                 "default"});
  CHECK(problems_in("scoring:\n  weights: {detection: 0, triage: 0, escalation: 0, mitigation: 0, "
                    "communication: 0, impact: 0}\n") ==
        Problems{at(14, 12) +
                 "the 'weights' must sum to 100, got 0 (detection 0, triage 0, escalation 0, "
                 "mitigation 0, communication 0, impact 0)"});
  CHECK(problems_in("scoring:\n  weights: {impact: -1}\n") ==
        Problems{at(14, 21) + "'impact' must be between 0 and 100, got -1"});
  CHECK(problems_in("scoring:\n  weights: {impakt: 10}\n") ==
        Problems{at(14, 13) +
                 "unknown key 'impakt' in 'weights' of 'scoring' (did you mean 'impact'?)"});
  const Scenario s = load("scoring:\n  weights: {detection: 30, impact: 0}\n");
  CHECK(s.scoring.weights.detection == 30);
  CHECK(s.scoring.weights.impact == 0);
}

TEST_CASE("scenario scoring: acceptable mitigations are read like incident fixes",
          "[scenario][scoring]") {
  CHECK(problems_in("scoring:\n  acceptable: [\"reboot checkout\", \"restart chekout\"]\n") ==
        Problems{
            at(14, 16) +
                "in 'acceptable': unknown mitigation 'reboot' (usage: mitigate "
                "restart|rollback|failover|drain|undrain SERVICE, mitigate scale N SERVICE, "
                "mitigate rate-limit R/s|off SERVICE, mitigate flag NAME on|off SERVICE)",
            at(14, 35) + "unknown service 'chekout' in 'acceptable' (did you mean 'checkout'?)"});
  CHECK(problems_in("scoring:\n  acceptable: restart checkout\n") ==
        Problems{at(14, 15) + "expected a list for 'acceptable', got 'restart checkout'"});
}
