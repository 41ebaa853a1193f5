// The `teams:` key: members, schedules (shorthand and layers, restrictions,
// overrides) and escalation policies load into TeamSpec; each mistake gives
// one message at its file, line and column.
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

std::string at(int line, int column) {
  return "inline.yaml:" + std::to_string(line) + ":" + std::to_string(column) + ": error: ";
}

const TeamSpec& team(const Scenario& s, std::string_view name) {
  for (const TeamSpec& t : s.teams) {
    if (t.name == name) return t;
  }
  FAIL("no team " << name);
  throw;
}

constexpr const char* kFullFormat = R"(firedrill: 1
name: t
title: T
start: "08:30"
teams:
  web: {}
  payments:
    members: [alice, bob, carol, dave]
    schedules:
      primary:
        users: [alice, bob]
        rotation: 1d
        handoff: "10:00"
      secondary:
        layers:
          - {users: [carol, dave], rotation: 7d, handoff: "09:00"}
          - users: [alice]
            rotation: 12h
            restrictions: [{from: "09:00", to: "17:00"}, {from: "22:00", to: "06:00"}]
        overrides:
          - {user: dave, start: 30m, end: 1h30m}
          - {user: erin, start: 2h, end: 3h}
    escalation:
      levels:
        - {notify: [primary], escalate_after: 5m}
        - {notify: [secondary, carol], escalate_after: 10m}
      repeat: 2
      ack_timeout: 30m
  ops:
    members: [erin, alice]
    schedules:
      night: {users: [erin]}
    escalation:
      levels: [{notify: [night, bob]}]
      ack_timeout: off
services: {a: {team: payments}}
traffic: [{entry: a, rate: 1/s}]
)";

}  // namespace

TEST_CASE("the full teams format loads", "[paging][scenario]") {
  const Scenario s = load_scenario_text(kFullFormat, "inline.yaml");
  CHECK(s.warnings.empty());
  REQUIRE(s.teams.size() == 3);

  const TeamSpec& web = team(s, "web");
  CHECK(web.members.empty());
  CHECK(web.schedules.empty());
  CHECK_FALSE(web.escalation.has_value());

  const TeamSpec& payments = team(s, "payments");
  CHECK(payments.members == std::vector<std::string>{"alice", "bob", "carol", "dave"});
  REQUIRE(payments.schedules.size() == 2);
  const ScheduleSpec& primary = payments.schedules[0];
  CHECK(primary.name == "primary");
  CHECK(primary.where.line == 10);
  CHECK(primary.where.column == 7);
  REQUIRE(primary.layers.size() == 1);
  CHECK(primary.layers[0].users == std::vector<std::string>{"alice", "bob"});
  CHECK(primary.layers[0].rotation == kDay);
  CHECK(primary.layers[0].handoff == 10 * kHour);
  CHECK(primary.layers[0].restrictions.empty());
  CHECK(primary.overrides.empty());

  const ScheduleSpec& secondary = payments.schedules[1];
  REQUIRE(secondary.layers.size() == 2);
  CHECK(secondary.layers[0].users == std::vector<std::string>{"carol", "dave"});
  CHECK(secondary.layers[0].rotation == 7 * kDay);
  CHECK(secondary.layers[0].handoff == 9 * kHour);
  CHECK(secondary.layers[0].where.line == 16);
  CHECK(secondary.layers[1].users == std::vector<std::string>{"alice"});
  CHECK(secondary.layers[1].rotation == 12 * kHour);
  CHECK(secondary.layers[1].handoff == 8 * kHour + 30 * kMinute);  // the scenario's start
  REQUIRE(secondary.layers[1].restrictions.size() == 2);
  CHECK(secondary.layers[1].restrictions[0].from == 9 * kHour);
  CHECK(secondary.layers[1].restrictions[0].to == 17 * kHour);
  CHECK(secondary.layers[1].restrictions[1].from == 22 * kHour);
  CHECK(secondary.layers[1].restrictions[1].to == 6 * kHour);
  REQUIRE(secondary.overrides.size() == 2);
  CHECK(secondary.overrides[0].user == "dave");
  CHECK(secondary.overrides[0].start == 30 * kMinute);
  CHECK(secondary.overrides[0].end == 90 * kMinute);
  CHECK(secondary.overrides[1].user == "erin");  // a member of another team
  CHECK(secondary.overrides[1].where.line == 22);

  REQUIRE(payments.escalation.has_value());
  const EscalationPolicySpec& policy = *payments.escalation;
  CHECK(policy.repeat == 2);
  CHECK(policy.ack_timeout == 30 * kMinute);
  REQUIRE(policy.levels.size() == 2);
  CHECK(policy.levels[0].escalate_after == 5 * kMinute);
  REQUIRE(policy.levels[0].targets.size() == 1);
  CHECK(policy.levels[0].targets[0].kind == EscalationTarget::Kind::kSchedule);
  CHECK(policy.levels[0].targets[0].name == "primary");
  CHECK(policy.levels[1].escalate_after == 10 * kMinute);
  REQUIRE(policy.levels[1].targets.size() == 2);
  CHECK(policy.levels[1].targets[0].kind == EscalationTarget::Kind::kSchedule);
  CHECK(policy.levels[1].targets[1].kind == EscalationTarget::Kind::kPerson);
  CHECK(policy.levels[1].targets[1].name == "carol");
  CHECK(policy.levels[1].targets[1].where.line == 26);
  CHECK(policy.levels[1].targets[1].where.column == 32);

  const TeamSpec& ops = team(s, "ops");
  CHECK(ops.members == std::vector<std::string>{"erin", "alice"});
  REQUIRE(ops.schedules.size() == 1);
  CHECK(ops.schedules[0].layers[0].rotation == kDay);  // the default
  CHECK(ops.schedules[0].layers[0].handoff == 8 * kHour + 30 * kMinute);
  REQUIRE(ops.escalation.has_value());
  CHECK(ops.escalation->repeat == 0);
  CHECK(ops.escalation->ack_timeout == 0);  // off
  REQUIRE(ops.escalation->levels.size() == 1);
  CHECK(ops.escalation->levels[0].escalate_after == 30 * kMinute);  // the default
  REQUIRE(ops.escalation->levels[0].targets.size() == 2);
  CHECK(ops.escalation->levels[0].targets[0].kind == EscalationTarget::Kind::kSchedule);
  CHECK(ops.escalation->levels[0].targets[1].kind == EscalationTarget::Kind::kPerson);
  CHECK(ops.escalation->levels[0].targets[1].name == "bob");  // of another team
  CHECK(ops.find_schedule("night") == &ops.schedules[0]);
  CHECK(ops.find_schedule("primary") == nullptr);
}

TEST_CASE("a team of nobody still loads as before", "[paging][scenario]") {
  const Scenario s = load_scenario_text(R"(firedrill: 1
name: t
title: T
teams: {web: {}, ops: }
services: {a: {team: web}}
traffic: [{entry: a, rate: 1/s}]
)",
                                        "inline.yaml");
  REQUIRE(s.teams.size() == 2);
  CHECK(s.teams[1].name == "ops");
  CHECK(s.teams[1].members.empty());
  CHECK_FALSE(s.teams[1].escalation.has_value());
}

TEST_CASE("team keys and members are checked", "[paging][scenario]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
teams:
  web: {schedule: weekly}
  payments:
    members: [alice, Bob, alice, [x]]
    schedules: {primary: {users: [Bob]}}
  ops: {members: alice}
services: {a: {team: web}}
traffic: [{entry: a, rate: 1/s}]
)") == Problems{
           at(5, 9) + "unknown key 'schedule' in team 'web' (did you mean 'schedules'?)",
           at(7, 22) + "invalid person name 'Bob' (expected lowercase letters, digits, '-' and "
                       "'_', starting with a letter or digit)",
           at(7, 27) + "'alice' is listed twice in the members of team 'payments'",
           at(7, 34) + "expected a person's name in 'members', got a list",
           at(9, 18) + "expected a list for 'members', got 'alice'",
       });
}

TEST_CASE("schedule users and override users must be people", "[paging][scenario]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
teams:
  payments:
    members: [alice, bob]
    schedules:
      primary: {users: [alcie, zed]}
      secondary:
        layers: [{users: [bob]}]
        overrides: [{user: bobb, start: 0, end: 1h}]
  ops:
    schedules: {night: {users: [nobody-here]}}
services: {a: {}}
traffic: [{entry: a, rate: 1/s}]
)") == Problems{
           at(8, 25) + "unknown person 'alcie' in schedule 'primary' of team 'payments' (did you "
                       "mean 'alice'?)",
           at(8, 32) + "unknown person 'zed' in schedule 'primary' of team 'payments' (people "
                       "are the teams' members: alice, bob)",
           at(11, 28) + "unknown person 'bobb' in override 1 of schedule 'secondary' (did you "
                        "mean 'bob'?)",
           at(13, 33) + "unknown person 'nobody-here' in schedule 'night' of team 'ops' (people "
                        "are the teams' members: alice, bob)",
       });
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
teams:
  ops:
    schedules: {night: {users: [erin]}}
services: {a: {}}
traffic: [{entry: a, rate: 1/s}]
)") == Problems{at(6, 33) + "unknown person 'erin' in schedule 'night' of team 'ops' (no team "
                            "lists any 'members')"});
}

TEST_CASE("a schedule is one rotation or layers", "[paging][scenario]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
teams:
  payments:
    members: [alice, bob]
    schedules:
      Primary: {users: [alice]}
      both:
        users: [alice]
        layers: [{users: [bob]}]
      neither: {rotation: 1d}
      nothing:
      typo: {usrs: [alice]}
      none: {layers: []}
      odd: {layers: [alice, {rotation: 1d}]}
      empty: {users: []}
      scalar: alice
services: {a: {}}
traffic: [{entry: a, rate: 1/s}]
)") == Problems{
           at(8, 7) + "invalid schedule name 'Primary' (expected lowercase letters, digits, '-' "
                      "and '_', starting with a letter or digit)",
           at(10, 9) + "'users' belongs in a layer when schedule 'both' of team 'payments' has "
                       "'layers'",
           at(12, 16) + "schedule 'neither' of team 'payments' needs 'users' (one rotation) or "
                        "'layers'",
           at(13, 7) + "schedule 'nothing' of team 'payments' needs 'users' (one rotation) or "
                       "'layers'",
           at(14, 14) + "unknown key 'usrs' in schedule 'typo' of team 'payments' (did you mean "
                        "'users'?)",
           at(15, 22) + "'layers' of schedule 'none' of team 'payments' must list at least one "
                        "layer",
           at(16, 22) + "expected a map like {users: [alice, bob], rotation: 7d} for each layer, "
                        "got 'alice'",
           at(16, 29) + "missing required key 'users' in layer 2 of schedule 'odd'",
           at(17, 22) + "'users' of schedule 'empty' of team 'payments' must list at least one "
                        "person",
           at(18, 15) + "expected a map for schedule 'scalar' of team 'payments', got 'alice'",
       });
}

TEST_CASE("rotations, hand-offs and restrictions are checked", "[paging][scenario]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
teams:
  payments:
    members: [alice]
    schedules:
      a: {users: [alice], rotation: 0s}
      b: {users: [alice], rotation: 1w}
      c: {users: [alice], rotation: 2w3d}
      d: {users: [alice], handoff: "25:00"}
      e:
        users: [alice]
        restrictions:
          - {from: "09:00", to: "09:00"}
          - {from: "09:00"}
          - "09:00-17:00"
services: {a: {}}
traffic: [{entry: a, rate: 1/s}]
)") == Problems{
           at(8, 37) + "'rotation' must be greater than 0",
           at(9, 37) + "invalid duration '1w': there is no week unit (write 7d)",
           at(10, 37) + "invalid duration '2w3d': unknown unit 'w3d' (expected something like "
                        "250ms, 30s, 5m, 1h30m)",
           at(11, 36) + "invalid time of day '25:00' (expected HH:MM or HH:MM:SS from 00:00 to "
                        "23:59:59, like 09:00)",
           at(15, 33) + "restriction 1 of schedule 'e' of team 'payments' is empty: 'from' and "
                        "'to' are the same time (for all day, leave out 'restrictions')",
           at(16, 13) + "missing required key 'to' in restriction 2 of schedule 'e' of team "
                        "'payments'",
           at(17, 13) + "expected a map like {from: \"09:00\", to: \"17:00\"} for each "
                        "restriction, got '09:00-17:00'",
       });
}

TEST_CASE("overrides need a person and a time span", "[paging][scenario]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
teams:
  payments:
    members: [alice]
    schedules:
      primary:
        users: [alice]
        overrides:
          - {user: alice, start: 1h, end: 30m}
          - {user: alice, start: 1h, end: 1h}
          - {user: alice, start: 1h}
          - {user: alice, start: 1h, end: 2h, who: me}
services: {a: {}}
traffic: [{entry: a, rate: 1/s}]
)") == Problems{
           at(11, 43) + "the 'end' of override 1 of schedule 'primary' (30m) must be after its "
                        "'start' (1h)",
           at(12, 43) + "the 'end' of override 2 of schedule 'primary' (1h) must be after its "
                        "'start' (1h)",
           at(13, 13) + "missing required key 'end' in override 3 of schedule 'primary'",
           at(14, 47) + "unknown key 'who' in override 4 of schedule 'primary'",
       });
}

TEST_CASE("notify names a schedule of the team or a person", "[paging][scenario]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
teams:
  payments:
    members: [alice, bob, primary]
    schedules:
      primary: {users: [alice]}
      secondary: {users: [bob]}
    escalation:
      levels:
        - {notify: [primary]}
        - {notify: [secondry, alcie, zzz]}
  ops:
    members: [erin]
    escalation: {levels: [{notify: [secondary, nobody]}]}
services: {a: {}}
traffic: [{entry: a, rate: 1/s}]
)") == Problems{
           at(12, 21) + "'primary' in level 1 of the escalation of team 'payments' is both a "
                        "schedule of team 'payments' and a person: rename the schedule",
           at(13, 21) + "unknown schedule or person 'secondry' in level 2 of the escalation of "
                        "team 'payments' (did you mean 'secondary'?)",
           at(13, 31) + "unknown schedule or person 'alcie' in level 2 of the escalation of team "
                        "'payments' (did you mean 'alice'?)",
           at(13, 38) + "unknown schedule or person 'zzz' in level 2 of the escalation of team "
                        "'payments' (schedules of team 'payments': primary, secondary; people: "
                        "alice, bob, primary, erin)",
           at(16, 37) + "unknown schedule or person 'secondary' in level 1 of the escalation of "
                        "team 'ops' (team 'ops' has no schedules; people: alice, bob, primary, "
                        "erin)",
           at(16, 48) + "unknown schedule or person 'nobody' in level 1 of the escalation of team "
                        "'ops' (team 'ops' has no schedules; people: alice, bob, primary, erin)",
       });
}

TEST_CASE("escalation levels, repeat and ack_timeout are checked", "[paging][scenario]") {
  CHECK(problems_in(R"(firedrill: 1
name: t
title: T
teams:
  a:
    members: [alice]
    escalation:
      levels:
        - {notify: [alice], escalate_after: 30s}
        - {notify: []}
        - {escalate_after: 5m}
        - alice
      repeat: 10
      ack_timeout: 30s
  b:
    escalation: {levels: [], ack_timeout: never}
  c:
    escalation: {repeat: 1, ack_timeout: "0"}
  d:
    escalation: {levels: [{notify: alice}], repet: 1}
services: {a: {}}
traffic: [{entry: a, rate: 1/s}]
)") == Problems{
           at(9, 45) + "'escalate_after' must be at least 1m (PagerDuty's minimum), got 30s",
           at(10, 20) + "'notify' of level 2 of the escalation of team 'a' must name at least "
                        "one schedule or person",
           at(11, 11) + "missing required key 'notify' in level 3 of the escalation of team 'a'",
           at(12, 11) + "expected a map like {notify: [primary], escalate_after: 5m} for each "
                        "level, got 'alice'",
           at(13, 15) + "'repeat' must be between 0 and 9, got 10",
           at(14, 20) + "'ack_timeout' must be at least 1m or \"off\", got 30s",
           at(16, 26) + "'levels' of the escalation of team 'b' must list at least one level",
           at(16, 43) + "invalid duration 'never': a number must come before each unit "
                        "(expected something like 250ms, 30s, 5m, 1h30m)",
           at(18, 17) + "missing required key 'levels' in the escalation of team 'c'",
           at(18, 42) + "'ack_timeout' must be at least 1m or \"off\", got 0s",
           at(20, 36) + "expected a list for 'notify', got 'alice'",
           at(20, 45) + "unknown key 'repet' in the escalation of team 'd' (did you mean "
                        "'repeat'?)",
       });
}

TEST_CASE("odd shapes anywhere in teams are reported, never crash", "[paging][scenario]") {
  const std::vector<std::string> teams_values = {
      "{a: {members: [~, '', 1.5]}}",
      "{a: {members: {alice: 1}}}",
      "{a: {members: [alice], schedules: []}}",
      "{a: {members: [alice], schedules: {p: []}}}",
      "{a: {members: [alice], schedules: {p: {users: alice}}}}",
      "{a: {members: [alice], schedules: {p: {users: [{x: 1}]}}}}",
      "{a: {members: [alice], schedules: {p: {layers: {users: [alice]}}}}}",
      "{a: {members: [alice], schedules: {p: {layers: [~]}}}}",
      "{a: {members: [alice], schedules: {p: {users: [alice], restrictions: {from: '9:00'}}}}}",
      "{a: {members: [alice], schedules: {p: {users: [alice], restrictions: [{from: [], to: "
      "1}]}}}}",
      "{a: {members: [alice], schedules: {p: {users: [alice], overrides: alice}}}}",
      "{a: {members: [alice], schedules: {p: {users: [alice], overrides: [{user: [], start: "
      "x}]}}}}",
      "{a: {members: [alice], schedules: {p: {users: [alice], rotation: []}}}}",
      "{a: {members: [alice], schedules: {p: {users: [alice], rotation: -1d}}}}",
      "{a: {members: [alice], escalation: []}}",
      "{a: {members: [alice], escalation: ~}}",
      "{a: {members: [alice], escalation: {levels: {notify: [alice]}}}}",
      "{a: {members: [alice], escalation: {levels: [~]}}}",
      "{a: {members: [alice], escalation: {levels: [{notify: [[alice]]}]}}}",
      "{a: {members: [alice], escalation: {levels: [{notify: [alice]}], repeat: -1}}}",
      "{a: {members: [alice], escalation: {levels: [{notify: [alice]}], ack_timeout: [off]}}}",
      "{a: {members: [alice], escalation: {levels: [{notify: [alice], escalate_after: 1}]}}}",
      "[web]",
      "web",
  };
  for (const std::string& value : teams_values) {
    const std::string yaml = "firedrill: 1\nname: t\ntitle: T\nteams: " + value +
                             "\nservices: {a: {}}\ntraffic: [{entry: a, rate: 1/s}]\n";
    INFO(yaml);
    const Problems problems = problems_in(yaml);
    REQUIRE_FALSE(problems.empty());
    CHECK(problems[0] != "(loaded without error)");
    for (const std::string& p : problems) CHECK(p.rfind("inline.yaml:4:", 0) == 0);
    // One message per mistake: a list of bad items is not also called empty.
    for (const std::string& p : problems) CHECK(p.find("at least one") == std::string::npos);
  }
}
