// Action logs: written and read back exactly; malformed logs refused at
// their line.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "sim/base/input_error.h"
#include "sim/response/action_log.h"

using namespace firedrill;

namespace {

std::string error_of(const std::string& text) {
  try {
    parse_action_log(text, "x.actions");
  } catch (const InputError& e) {
    return e.first().str();
  }
  return "";
}

const char* const kHeader = "scenario shop sha256:ab\nseed 7\nuntil 1h\n";

}  // namespace

TEST_CASE("an action log round-trips, times exact to the microsecond", "[response]") {
  ActionLog log;
  log.scenario = "checkout-memory-leak";
  log.scenario_hash = "sha256:0123";
  log.seed = 42;
  log.until = 2 * kHour;
  std::ostringstream out;
  write_action_log_header(out, log);
  Action ack = parse_action("ack 3");
  ack.time = 40 * kMinute + 30 * kSecond + 123;
  ack.actor = "dave";
  Action declare = parse_action("declare \"Checkout: \\\"OOM\\\" loop\"");
  declare.time = 41 * kMinute;
  declare.actor = "Ada Lovelace";
  out << action_log_line(ack) << action_log_line(declare) << action_log_stop_line(50 * kMinute);

  const ActionLog back = parse_action_log(out.str(), "t.actions");
  CHECK(back.scenario == log.scenario);
  CHECK(back.scenario_hash == log.scenario_hash);
  CHECK(back.seed == 42);
  CHECK(back.until == 2 * kHour);
  REQUIRE(back.stop);
  CHECK(*back.stop == 50 * kMinute);
  REQUIRE(back.actions.size() == 2);
  CHECK(back.actions[0].time == ack.time);
  CHECK(back.actions[0].actor == "dave");
  CHECK(back.actions[0].text() == "ack 3");
  CHECK(back.actions[1].actor == "Ada Lovelace");
  CHECK(back.actions[1].args[0] == "Checkout: \"OOM\" loop");
  CHECK(action_log_line(back.actions[1]) == action_log_line(declare));
}

TEST_CASE("malformed action logs are refused at their line", "[response]") {
  CHECK(error_of("") ==
        "x.actions: error: not a firedrill action log: the 'scenario', 'seed' and 'until' lines "
        "are missing");
  CHECK(error_of(std::string(kHeader) + "at 5m alice ack x\n") ==
        "x.actions:4:1: error: ack: the incident is its number, like 3 or #3, got 'x' (usage: ack "
        "INCIDENT)");
  CHECK(error_of(std::string(kHeader) + "at 5m alice ack 1\nat 4m alice ack 1\n") ==
        "x.actions:5:1: error: actions must be in time order: 4m comes after 5m");
  CHECK(error_of(std::string(kHeader) + "at soon alice ack 1\n")
            .rfind("x.actions:4:1: error: bad time 'soon'", 0) == 0);
  CHECK(error_of(std::string(kHeader) + "at 2h alice ack 1\n") ==
        "x.actions:4:1: error: the action at 2h is after the end of the run (1h)");
  CHECK(error_of(std::string(kHeader) + "  jump 5m\n") ==
        "x.actions:4:3: error: unknown line 'jump' (expected scenario, seed, until, at or stop)");
  CHECK(error_of(std::string(kHeader) + "stop 5m\nat 6m a resolve\n") ==
        "x.actions:5:1: error: nothing may follow the 'stop' line");
  CHECK(error_of("at 1m a resolve\n") ==
        "x.actions:1:1: error: the 'scenario', 'seed' and 'until' lines must come before the "
        "actions");
  CHECK(error_of("scenario shop sha256:x\nseed -1\nuntil 1h\n") ==
        "x.actions:2:1: error: expected 'seed N' with N a whole number");
  CHECK(error_of(std::string(kHeader) + "until 30m\n") ==
        "x.actions:4:1: error: 'until' is given twice");
  CHECK(error_of(std::string(kHeader) + "# a comment\n\nat 1m a \"resolve\n") ==
        "x.actions:6:1: error: unterminated quote: a \" is missing its closing \"");
}
