// Bad scenarios: each class of mistake gives one clear message, placed at the
// file, line and column of the offending key or value. The bad files live in
// tests/data/scenarios/bad/, one per case; short cases are inline.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/scenario/loader.h"

using namespace firedrill;

namespace {

using Problems = std::vector<std::string>;

std::string bad(const std::string& name) {
  return std::string(FIREDRILL_TEST_DATA) + "/scenarios/bad/" + name;
}

// "<bad file>:line:column: error: ", the start of a problem's text.
std::string at(const std::string& name, int line, int column) {
  return bad(name) + ".yaml:" + std::to_string(line) + ":" + std::to_string(column) + ": error: ";
}

Problems strings(const InputError& e) {
  Problems out;
  for (const Diagnostic& d : e.diagnostics()) out.push_back(d.str());
  return out;
}

// Every problem found loading a bad file, as "file:line:col: error: message".
Problems problems_of(const std::string& name) {
  try {
    load_scenario(bad(name) + ".yaml");
  } catch (const InputError& e) {
    return strings(e);
  }
  return {"(loaded without error)"};
}

// Every problem found in inline YAML, which is named "inline.yaml".
Problems problems_in(std::string_view yaml) {
  try {
    load_scenario_text(yaml, "inline.yaml");
  } catch (const InputError& e) {
    return strings(e);
  }
  return {"(loaded without error)"};
}

std::string inline_at(int line, int column) {
  return "inline.yaml:" + std::to_string(line) + ":" + std::to_string(column) + ": error: ";
}

}  // namespace

// ---- one file per class of mistake ----

TEST_CASE("malformed YAML reports what the YAML parser said, where", "[scenario][errors]") {
  CHECK(problems_of("malformed_yaml") ==
        Problems{at("malformed_yaml", 7, 8) + "invalid YAML: end of map flow not found"});
}

TEST_CASE("an unknown top-level key suggests the key meant", "[scenario][errors]") {
  // Only one message: 'services' is not also reported missing, and the traffic
  // entry is not reported as an unknown service.
  CHECK(problems_of("unknown_top_level_key") ==
        Problems{at("unknown_top_level_key", 5, 1) +
                 "unknown key 'servics' in the scenario (did you mean 'services'?)"});
}

TEST_CASE("an unknown service key suggests the key meant", "[scenario][errors]") {
  CHECK(problems_of("unknown_service_key") ==
        Problems{at("unknown_service_key", 7, 5) +
                 "unknown key 'replica' in service 'checkout' (did you mean 'replicas'?)"});
}

TEST_CASE("an unknown call key suggests the key meant", "[scenario][errors]") {
  CHECK(problems_of("unknown_call_key") ==
        Problems{at("unknown_call_key", 8, 24) +
                 "unknown key 'timout' in calls of 'frontend' (did you mean 'timeout'?)"});
}

TEST_CASE("a value of the wrong type names the type expected and the value", "[scenario][errors]") {
  CHECK(problems_of("wrong_type") ==
        Problems{at("wrong_type", 7, 15) + "expected an integer for 'replicas', got 'three'"});
}

TEST_CASE("a bad duration gives the duration parser's message at the value", "[scenario][errors]") {
  CHECK(problems_of("bad_duration") ==
        Problems{at("bad_duration", 9, 18) +
                 "invalid duration '5 min': unknown unit ' min' (expected something like 250ms, "
                 "30s, 5m, 1h30m)"});
}

TEST_CASE("a bad size gives the size parser's message at the value", "[scenario][errors]") {
  CHECK(problems_of("bad_size") ==
        Problems{at("bad_size", 7, 35) +
                 "invalid size '1 gigabyte': unknown unit ' gigabyte' (expected something like "
                 "512MiB, 1GiB, 256KiB or a number of bytes)"});
}

TEST_CASE("a bad rate gives the rate parser's message at the value", "[scenario][errors]") {
  CHECK(problems_of("bad_rate") ==
        Problems{at("bad_rate", 9, 11) +
                 "invalid rate '400/sec': unknown unit '/sec' (expected something like 400/s, "
                 "30/m or 3600/h)"});
}

TEST_CASE("another format version is the only thing reported", "[scenario][errors]") {
  CHECK(problems_of("unsupported_version") ==
        Problems{at("unsupported_version", 2, 12) +
                 "unsupported scenario format version 2 (this engine reads version 1)"});
}

TEST_CASE("a missing required key is named with its map, at the map", "[scenario][errors]") {
  CHECK(
      problems_of("missing_required_key") ==
      Problems{at("missing_required_key", 2, 1) + "missing required key 'title' in the scenario"});
  CHECK(problems_of("missing_call_target") ==
        Problems{at("missing_call_target", 8, 9) +
                 "missing required key 'to' in calls of 'frontend'"});
}

TEST_CASE("a call to an unknown service suggests the service meant", "[scenario][errors]") {
  CHECK(problems_of("unknown_call_target") ==
        Problems{at("unknown_call_target", 9, 14) +
                 "unknown service 'chekout' in calls of 'frontend' (did you mean 'checkout'?)"});
}

TEST_CASE("traffic to an unknown service suggests the service meant", "[scenario][errors]") {
  CHECK(problems_of("unknown_traffic_entry") ==
        Problems{at("unknown_traffic_entry", 8, 13) +
                 "unknown service 'frontnd' in traffic (did you mean 'frontend'?)"});
}

TEST_CASE("an unknown team suggests the team meant", "[scenario][errors]") {
  CHECK(problems_of("unknown_team") ==
        Problems{at("unknown_team", 10, 11) +
                 "unknown team 'payment' for service 'checkout' (did you mean 'payments'?)"});
}

TEST_CASE("a cycle of required calls is printed, at the call that starts it",
          "[scenario][errors]") {
  CHECK(problems_of("required_cycle") ==
        Problems{at("required_cycle", 9, 9) +
                 "a cycle of required calls makes requests recurse forever: frontend -> cart -> "
                 "frontend (make one of these calls optional)"});
  CHECK(problems_of("required_self_call") ==
        Problems{at("required_self_call", 8, 9) +
                 "a cycle of required calls makes requests recurse forever: frontend -> frontend "
                 "(make one of these calls optional)"});
  // An optional call closing a loop is fine: see good/optional_loop.yaml in loader_test.cpp.
}

TEST_CASE("a probability outside [0, 1] is rejected", "[scenario][errors]") {
  CHECK(problems_of("p_out_of_range") ==
        Problems{at("p_out_of_range", 8, 27) + "'p' must be between 0 and 1, got 1.5"});
}

TEST_CASE("a memory limit must leave room above the base", "[scenario][errors]") {
  CHECK(problems_of("memory_limit_not_above_base") ==
        Problems{at("memory_limit_not_above_base", 9, 14) +
                 "memory 'limit' (256MiB) must be greater than 'base' (512MiB)"});
}

TEST_CASE("p99 below p50 is rejected", "[scenario][errors]") {
  CHECK(problems_of("p99_below_p50") ==
        Problems{at("p99_below_p50", 7, 31) + "'p99' (20ms) must not be less than 'p50' (50ms)"});
}

TEST_CASE("latency keys of another distribution say which keys go with which",
          "[scenario][errors]") {
  CHECK(problems_of("latency_keys_of_other_dist") ==
        Problems{at("latency_keys_of_other_dist", 7, 34) +
                 "'p50' does not apply to dist: exponential (lognormal takes p50 and p99; "
                 "exponential and constant take mean)"});
}

TEST_CASE("a shape's own key given with another shape is rejected", "[scenario][errors]") {
  CHECK(problems_of("shape_key_on_wrong_shape") ==
        Problems{at("shape_key_on_wrong_shape", 11, 5) + "'to' only applies to shape: ramp"});
  CHECK(problems_of("unknown_shape") ==
        Problems{at("unknown_shape", 8, 43) +
                 "unknown shape 'sine' (expected constant, diurnal or ramp)"});
}

TEST_CASE("a key given twice is rejected at the second", "[scenario][errors]") {
  CHECK(problems_of("duplicate_key") ==
        Problems{at("duplicate_key", 9, 5) +
                 "duplicate key 'replicas' in service 'checkout' (first given at line 7)"});
  CHECK(problems_of("duplicate_service") ==
        Problems{at("duplicate_service", 8, 3) +
                 "duplicate key 'checkout' in services (first given at line 6)"});
}

TEST_CASE("a missing file or folder is named", "[scenario][errors]") {
  CHECK(problems_of("does-not-exist") ==
        Problems{"error: cannot read scenario '" + bad("does-not-exist") +
                 ".yaml': no such file or folder"});
  try {
    load_scenario(bad("no-such-folder"));
    FAIL("loaded a folder that does not exist");
  } catch (const InputError& e) {
    CHECK(e.first().message ==
          "cannot read scenario '" + bad("no-such-folder") + "': no such file or folder");
  }
}

TEST_CASE("a folder without scenario.yaml says so", "[scenario][errors]") {
  try {
    load_scenario(bad("no_scenario_yaml"));
    FAIL("loaded a folder without scenario.yaml");
  } catch (const InputError& e) {
    CHECK(e.diagnostics().size() == 1);
    CHECK(e.first().message ==
          "scenario folder '" + bad("no_scenario_yaml") + "' has no scenario.yaml");
  }
}

TEST_CASE("every problem of a file is reported in one throw, in file order", "[scenario][errors]") {
  const Problems expected = {
      at("multiple_errors", 3, 7) +
          "invalid scenario name 'Shop' (expected lowercase letters, digits and '-', starting "
          "with a letter or digit)",
      at("multiple_errors", 6, 18) +
          "'scrape_interval' (1h) must not be longer than 'duration' (30m)",
      at("multiple_errors", 9, 15) + "'replicas' must be between 1 and 1000, got 0",
      at("multiple_errors", 12, 14) +
          "unknown service 'chekout' in calls of 'frontend' (did you mean 'checkout'?)",
      at("multiple_errors", 12, 33) + "expected true or false for 'optional', got 'maybe'",
      at("multiple_errors", 14, 11) +
          "unknown team 'payments' for service 'checkout' (the scenario defines no teams)",
      at("multiple_errors", 15, 5) +
          "unknown key 'workerz' in service 'checkout' (did you mean 'workers'?)",
      at("multiple_errors", 17, 29) +
          "invalid rate 'fast': it must start with a number (expected something like 400/s, "
          "30/m or 3600/h)",
  };
  CHECK(problems_of("multiple_errors") == expected);

  try {
    load_scenario(bad("multiple_errors.yaml"));
  } catch (const InputError& e) {
    // what() is every problem, one per line, as a compiler prints them.
    std::string joined;
    for (const std::string& line : expected) joined += (joined.empty() ? "" : "\n") + line;
    CHECK(std::string(e.what()) == joined);
  }
}

// ---- short cases, inline ----

TEST_CASE("values of the wrong kind name what was expected", "[scenario][errors]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
seed: -1
services:
  a: {replicas: "3", workers: [8], startup: {s: 1}, errors: 1e-3}
  b: {calls: [a], queue: -1}
traffic: [{entry: a, rate: 1/s}]
)") == Problems{
           inline_at(4, 7) + "'seed' must be at least 0, got -1",
           inline_at(6, 17) + "expected an integer for 'replicas', got '3' (a quoted string)",
           inline_at(6, 31) + "expected an integer for 'workers', got a list",
           inline_at(6, 45) + "expected a duration for 'startup', got a map",
           inline_at(7, 15) + "expected a map like {to: checkout} for each call, got 'a'",
           inline_at(7, 26) + "'queue' must be between 0 and 1000000, got -1",
       });
}

TEST_CASE("integers, numbers and names out of their range", "[scenario][errors]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
teams: {Web Team: {}}
services:
  Front End:
    calls: [{to: b, retries: 11, count: 0}]
  b: {workers: 0, errors: 2}
traffic: [{entry: b, rate: 1/s, shape: diurnal, amplitude: -0.5}]
)") == Problems{
           inline_at(4, 9) +
               "invalid team name 'Web Team' (expected lowercase letters, digits, '-' and '_', "
               "starting with a letter or digit)",
           inline_at(6, 3) +
               "invalid service name 'Front End' (expected lowercase letters, digits, '-' and "
               "'_', starting with a letter or digit)",
           inline_at(7, 30) + "'retries' must be between 0 and 10, got 11",
           inline_at(7, 41) + "'count' must be between 1 and 1000, got 0",
           inline_at(8, 16) + "'workers' must be between 1 and 100000, got 0",
           inline_at(8, 27) + "'errors' must be between 0 and 1, got 2",
           inline_at(9, 60) + "'amplitude' must be between 0 and 1, got -0.5",
       });
}

TEST_CASE("run-wide settings are checked", "[scenario][errors]") {
  CHECK(problems_in(R"(firedrill: "1"
name: t
title: ""
duration: 0
scrape_interval: 0s
start: "25:00"
alerts: []
evaluation_interval: 0s
routing: {}
services: {a: {}}
traffic: [{entry: a, rate: 1/s}]
)") == Problems{
           inline_at(1, 12) + "expected an integer for 'firedrill', got '1' (a quoted string)",
           inline_at(3, 8) + "'title' must not be empty",
           inline_at(4, 11) + "'duration' must be greater than 0",
           inline_at(5, 18) + "'scrape_interval' must be greater than 0",
           inline_at(6, 8) +
               "invalid time of day '25:00' (expected HH:MM or HH:MM:SS from 00:00 to 23:59:59, "
               "like 09:00)",
           inline_at(7, 9) +
               "expected a Prometheus rule file name (e.g. alerts.yml) or a map with 'groups' "
               "for 'alerts', got a list",
           inline_at(8, 22) + "'evaluation_interval' must be greater than 0",
           inline_at(9, 10) + "missing required key 'route' in the routing configuration",
           inline_at(9, 10) + "missing required key 'receivers' in the routing configuration",
       });
}

TEST_CASE("a file that is not a scenario map says what a scenario is", "[scenario][errors]") {
  const std::string what = "a map with keys firedrill, name, title, services and traffic";
  CHECK(problems_in("") ==
        Problems{inline_at(1, 1) + "the scenario file is empty (expected " + what + ")"});
  CHECK(problems_in("# only a comment\n") ==
        Problems{inline_at(1, 1) + "the scenario file is empty (expected " + what + ")"});
  CHECK(problems_in("- a\n- b\n") ==
        Problems{inline_at(1, 1) +
                 "expected a map at the top of the scenario (with keys firedrill, name, title, "
                 "services and traffic), got a list"});
  CHECK(problems_in("firedrill: 1\nname: t\ntitle: T\nservices: {}\ntraffic: []\n") ==
        Problems{inline_at(4, 11) + "'services' must name at least one service",
                 inline_at(5, 10) + "'traffic' must list at least one entry point"});
  CHECK(problems_in("firedrill: 1\nname: t\ntitle: T\nservices: [a]\ntraffic: {a: 1}\n") ==
        Problems{inline_at(4, 11) +
                     "expected a map (service name -> service) for 'services', got a list",
                 inline_at(5, 10) + "expected a list for 'traffic', got a map"});
  CHECK(problems_in("firedrill: 1\nname: t\ntitle: T\nservices: {a: }\n"
                    "traffic: [{entry: a, rate: 1}]\n---\nmore: 1\n") ==
        Problems{inline_at(6, 1) + "a scenario file holds one YAML document, this one has 2"});
}

TEST_CASE("YAML on which yaml-cpp 0.7's LoadAll never returns is an error", "[scenario][errors]") {
  // yaml-cpp issue #1040: a token the parser cannot place makes LoadAll append
  // empty documents forever. The loader notices that the parser is stuck.
  CHECK(problems_in(",") == Problems{inline_at(1, 1) + "invalid YAML: unexpected ','"});
  CHECK(problems_in("firedrill: 1\n---\n  ,\n") ==
        Problems{inline_at(3, 3) + "invalid YAML: unexpected ','"});
}

TEST_CASE("a team's keys and shape are checked", "[scenario][errors]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
teams:
  web: {schedule: weekly}
  ops: oncall
services: {a: {team: web}}
traffic: [{entry: a, rate: 1/s}]
)") == Problems{
           inline_at(5, 9) + "unknown key 'schedule' in team 'web' (did you mean 'schedules'?)",
           inline_at(6, 8) + "expected a map for team 'ops', got 'oncall'",
       });
}

TEST_CASE("aliases work but merge keys are refused", "[scenario][errors]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
services:
  a: &base {replicas: 2}
  b: *base
  c:
    <<: *base
traffic: [{entry: a, rate: 1/s}]
)") == Problems{inline_at(8, 5) +
                "unknown key '<<' in service 'c' (YAML merge keys are not supported: write the "
                "keys out)"});
}

TEST_CASE("latency needs the keys of its distribution", "[scenario][errors]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
services:
  a: {latency: {mean: 40ms}}
  b: {latency: {p50: 40ms}}
  c: {latency: {mean: 40ms, dist: normal}}
  d: {latency: {mean: 0s, dist: exponential}}
  e: {latency: {dist: constant}}
traffic: [{entry: a, rate: 1/s}]
)") == Problems{
           inline_at(5, 17) +
               "'mean' does not apply to dist: lognormal, the default (lognormal takes p50 and "
               "p99; exponential and constant take mean)",
           inline_at(6, 16) + "missing required key 'p99' in latency of 'b' (dist: lognormal "
                              "needs it)",
           inline_at(7, 35) +
               "unknown distribution 'normal' (expected lognormal, exponential or constant)",
           inline_at(8, 23) + "'mean' must be greater than 0 for dist: exponential",
           inline_at(9, 16) +
               "missing required key 'mean' in latency of 'e' (dist: constant needs it)",
       });
}

TEST_CASE("a ramp needs its end rate and must start within the run", "[scenario][errors]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
duration: 1h
services: {a: {}}
traffic:
  - {entry: a, rate: 1/s, shape: ramp}
  - {entry: a, rate: 1/s, shape: ramp, to: 2/s, start: 1h}
  - {entry: a, rate: 1/s, peak: "12:00"}
)") == Problems{
           inline_at(7, 5) + "missing required key 'to' in traffic entry 1 (shape: ramp needs it)",
           inline_at(8, 56) +
               "the ramp's 'start' (1h) is not before the end of the run ('duration' 1h)",
           inline_at(9, 27) + "'peak' only applies to shape: diurnal",
       });
}

TEST_CASE("the service name 'ingress' is reserved for user traffic", "[scenario][errors]") {
  CHECK(problems_in("firedrill: 1\nname: t\ntitle: t\nservices:\n  ingress: {}\ntraffic:\n"
                    "  - {entry: ingress, rate: 1/s}\n") ==
        Problems{inline_at(5, 3) +
                 "the service name 'ingress' is reserved: it names user traffic in "
                 "calls_total{from=\"ingress\"}"});
}

TEST_CASE("rates above a million per second are refused", "[scenario][errors]") {
  CHECK(
      problems_in("firedrill: 1\nname: t\ntitle: t\nservices:\n  api: {}\ntraffic:\n"
                  "  - {entry: api, rate: 2000000/s}\n") ==
      Problems{inline_at(7, 24) + "rate '2000000/s' is too high (at most 1000000/s is supported)"});
}
