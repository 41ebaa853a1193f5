// The pager's state machine with exact timings on a ManualScheduler: pages,
// escalation, repeats, acknowledgement and its timeout, resolution, dedup
// keys, schedule hand-offs during an incident and the policy snapshot.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/event_kinds.h"
#include "sim/paging/pager.h"

using namespace firedrill;

namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

constexpr SimTime kStartOfDay = 9 * kHour;

ScheduleSpec daily(std::string name, std::vector<std::string> users, SimTime handoff) {
  ScheduleLayerSpec layer;
  layer.users = std::move(users);
  layer.rotation = kDay;
  layer.handoff = handoff;
  ScheduleSpec s;
  s.name = std::move(name);
  s.layers.push_back(std::move(layer));
  return s;
}

EscalationTarget schedule_target(std::string name) {
  return EscalationTarget{EscalationTarget::Kind::kSchedule, std::move(name), {}};
}

EscalationTarget person_target(std::string name) {
  return EscalationTarget{EscalationTarget::Kind::kPerson, std::move(name), {}};
}

EscalationLevelSpec level(std::vector<EscalationTarget> targets, SimTime after) {
  EscalationLevelSpec l;
  l.targets = std::move(targets);
  l.escalate_after = after;
  return l;
}

// payments: primary is alice until 10:00 (1h into the run), then bob;
// secondary is carol. Level 1 pages primary, level 2 secondary and carol
// (carol once). web has no policy.
std::vector<TeamSpec> standard_teams() {
  TeamSpec payments;
  payments.name = "payments";
  payments.members = {"alice", "bob", "carol", "dave"};
  payments.schedules = {daily("primary", {"alice", "bob"}, 10 * kHour),
                        daily("secondary", {"carol"}, 9 * kHour)};
  EscalationPolicySpec policy;
  policy.levels = {level({schedule_target("primary")}, 5 * kMinute),
                   level({schedule_target("secondary"), person_target("carol")}, 10 * kMinute)};
  policy.repeat = 2;
  policy.ack_timeout = 30 * kMinute;
  payments.escalation = policy;
  TeamSpec web;
  web.name = "web";
  web.members = {"erin"};
  return {payments, web};
}

struct Drill {
  explicit Drill(std::vector<TeamSpec> t = standard_teams())
      : teams(std::move(t)),
        pager(teams, kStartOfDay, clock, [this](RunEvent e) { events.push_back(std::move(e)); }) {}

  // "5m page carol" for each event from `from` on: time, kind, and the
  // person paged or acknowledging, if any.
  std::vector<std::string> brief(std::size_t from = 0) const {
    std::vector<std::string> out;
    for (std::size_t i = from; i < events.size(); ++i) {
      const RunEvent& e = events[i];
      std::string line = format_duration(e.time) + " " + e.kind;
      for (const auto& [key, value] : e.attributes) {
        if (key == "person") line += " " + value;
      }
      out.push_back(line);
    }
    return out;
  }

  std::vector<TeamSpec> teams;
  ManualScheduler clock;
  std::vector<RunEvent> events;
  Pager pager;
};

}  // namespace

TEST_CASE("a trigger opens an incident and pages level 1's on-call", "[paging]") {
  Drill d;
  d.clock.run_until(2 * kMinute);
  const int id =
      d.pager.trigger("payments", "group-1", "CheckoutErrors", "alertmanager: receiver pager");
  CHECK(id == 1);
  REQUIRE(d.events.size() == 2);
  CHECK(d.events[0].time == 2 * kMinute);
  CHECK(d.events[0].kind == event_kind::kIncidentTriggered);
  CHECK(d.events[0].service.empty());
  CHECK(d.events[0].instance.empty());
  CHECK(d.events[0].attributes == Attributes{{"incident", "1"},
                                             {"team", "payments"},
                                             {"title", "CheckoutErrors"},
                                             {"dedup_key", "group-1"},
                                             {"reason", "alertmanager: receiver pager"},
                                             {"level", "1"}});
  CHECK(d.events[1].time == 2 * kMinute);
  CHECK(d.events[1].kind == event_kind::kPage);
  CHECK(d.events[1].attributes == Attributes{{"incident", "1"},
                                             {"team", "payments"},
                                             {"person", "alice"},
                                             {"level", "1"},
                                             {"loop", "1"},
                                             {"via", "schedule primary"},
                                             {"reason", "incident triggered"}});

  const Incident* incident = d.pager.find(1);
  REQUIRE(incident != nullptr);
  CHECK(incident->state == IncidentState::kTriggered);
  CHECK(incident_state_name(incident->state) == "triggered");
  CHECK(incident->team == "payments");
  CHECK(incident->title == "CheckoutErrors");
  CHECK(incident->level == 0);
  CHECK(incident->loop == 0);
  CHECK(incident->assigned == std::vector<std::string>{"alice"});
  CHECK(incident->triggered_at == 2 * kMinute);
  CHECK(incident->escalates_at == 7 * kMinute);
  CHECK(incident->alerts == 1);
  CHECK(d.pager.find(2) == nullptr);
  CHECK(d.pager.find(0) == nullptr);
}

TEST_CASE("an unacknowledged incident escalates exactly escalate_after later", "[paging]") {
  Drill d;
  d.pager.trigger("payments", "k", "T", "r");
  d.clock.run_until(5 * kMinute - kMicrosecond);
  CHECK(d.events.size() == 2);
  d.clock.run_until(5 * kMinute);
  REQUIRE(d.events.size() == 4);
  CHECK(d.events[2].time == 5 * kMinute);
  CHECK(d.events[2].kind == event_kind::kEscalated);
  CHECK(d.events[2].attributes == Attributes{{"incident", "1"},
                                             {"team", "payments"},
                                             {"from_level", "1"},
                                             {"to_level", "2"},
                                             {"loop", "1"},
                                             {"unanswered", "alice"},
                                             {"reason", "not acknowledged within 5m"}});
  // carol is reached through secondary and directly: paged once, via the first.
  CHECK(d.events[3].attributes == Attributes{{"incident", "1"},
                                             {"team", "payments"},
                                             {"person", "carol"},
                                             {"level", "2"},
                                             {"loop", "1"},
                                             {"via", "schedule secondary"},
                                             {"reason",
                                              "escalated: alice did not acknowledge "
                                              "within 5m"}});
  const Incident& incident = *d.pager.find(1);
  CHECK(incident.level == 1);
  CHECK(incident.assigned == std::vector<std::string>{"carol"});
  CHECK(incident.escalates_at == 15 * kMinute);
}

TEST_CASE("an acknowledgement stops escalation", "[paging]") {
  std::vector<TeamSpec> teams = standard_teams();
  teams[0].escalation->ack_timeout = 0;  // "off"
  Drill d(teams);
  d.pager.trigger("payments", "k", "T", "r");
  d.clock.run_until(3 * kMinute);
  CHECK(d.pager.acknowledge(1, "alice").empty());
  REQUIRE(d.events.size() == 3);
  CHECK(d.events[2].time == 3 * kMinute);
  CHECK(d.events[2].kind == event_kind::kIncidentAcknowledged);
  CHECK(d.events[2].attributes ==
        Attributes{{"incident", "1"}, {"team", "payments"}, {"person", "alice"}});
  const Incident& incident = *d.pager.find(1);
  CHECK(incident.state == IncidentState::kAcknowledged);
  CHECK(incident.acknowledged_at == 3 * kMinute);
  CHECK(incident.acknowledged_by == "alice");
  CHECK_FALSE(incident.escalates_at.has_value());
  CHECK_FALSE(incident.retriggers_at.has_value());
  d.clock.run_until(10 * kHour);
  CHECK(d.events.size() == 3);
  CHECK(d.clock.idle());
}

TEST_CASE("the policy repeats `repeat` times after its last level, then stays", "[paging]") {
  Drill d;
  d.pager.trigger("payments", "k", "T", "r");
  d.clock.run_until(10 * kHour);
  // Levels of 5m and 10m, repeat 2: three passes, then no more timers.
  CHECK(d.brief() == std::vector<std::string>{
                         "0s incident_triggered", "0s page alice", "5m escalated", "5m page carol",
                         "15m escalated", "15m page alice", "20m escalated", "20m page carol",
                         "30m escalated", "30m page alice", "35m escalated", "35m page carol"});
  CHECK(d.events[4].attributes == Attributes{{"incident", "1"},
                                             {"team", "payments"},
                                             {"from_level", "2"},
                                             {"to_level", "1"},
                                             {"loop", "2"},
                                             {"unanswered", "carol"},
                                             {"reason", "not acknowledged within 10m"}});
  CHECK(d.events[5].attributes == Attributes{{"incident", "1"},
                                             {"team", "payments"},
                                             {"person", "alice"},
                                             {"level", "1"},
                                             {"loop", "2"},
                                             {"via", "schedule primary"},
                                             {"reason",
                                              "policy repeated (pass 2 of 3): carol did "
                                              "not acknowledge within 10m"}});
  CHECK(d.events[11].attributes[4] == std::pair<std::string, std::string>{"loop", "3"});
  const Incident& incident = *d.pager.find(1);
  CHECK(incident.state == IncidentState::kTriggered);
  CHECK(incident.level == 1);
  CHECK(incident.loop == 2);
  CHECK_FALSE(incident.escalates_at.has_value());
  CHECK(d.clock.idle());
}

TEST_CASE("repeat 0 stops at the last level", "[paging]") {
  std::vector<TeamSpec> teams = standard_teams();
  teams[0].escalation->repeat = 0;
  Drill d(teams);
  d.pager.trigger("payments", "k", "T", "r");
  d.clock.run_until(kDay);
  CHECK(d.brief() == std::vector<std::string>{"0s incident_triggered", "0s page alice",
                                              "5m escalated", "5m page carol"});
}

TEST_CASE("an unresolved acknowledgement re-triggers after ack_timeout", "[paging]") {
  Drill d;
  d.pager.trigger("payments", "k", "T", "r");
  d.clock.run_until(7 * kMinute);  // escalated to level 2 at 5m
  CHECK(d.pager.acknowledge(1, "carol").empty());
  CHECK(d.pager.find(1)->retriggers_at == 37 * kMinute);
  d.clock.run_until(37 * kMinute - kMicrosecond);
  const std::size_t before = d.events.size();
  CHECK(before == 5);
  d.clock.run_until(37 * kMinute);
  REQUIRE(d.events.size() == before + 2);
  CHECK(d.events[5].time == 37 * kMinute);
  CHECK(d.events[5].kind == event_kind::kIncidentRetriggered);
  CHECK(d.events[5].attributes ==
        Attributes{{"incident", "1"},
                   {"team", "payments"},
                   {"acknowledged_by", "carol"},
                   {"reason", "not resolved within 30m of acknowledgement"}});
  // The current level (2) is paged again, and its escalation timer restarts.
  CHECK(d.events[6].attributes == Attributes{{"incident", "1"},
                                             {"team", "payments"},
                                             {"person", "carol"},
                                             {"level", "2"},
                                             {"loop", "1"},
                                             {"via", "schedule secondary"},
                                             {"reason",
                                              "re-triggered: acknowledged by carol 30m "
                                              "ago but not resolved"}});
  const Incident& incident = *d.pager.find(1);
  CHECK(incident.state == IncidentState::kTriggered);
  CHECK(incident.escalates_at == 47 * kMinute);
  d.clock.run_until(47 * kMinute);
  CHECK(d.brief(7) == std::vector<std::string>{"47m escalated", "47m page alice"});
}

TEST_CASE("acknowledging again restarts the ack timeout", "[paging]") {
  Drill d;
  d.pager.trigger("payments", "k", "T", "r");
  d.clock.run_until(kMinute);
  CHECK(d.pager.acknowledge(1, "alice").empty());
  d.clock.run_until(20 * kMinute);
  CHECK(d.pager.acknowledge(1, "bob").empty());
  d.clock.run_until(50 * kMinute - kMicrosecond);
  CHECK(d.brief(2) == std::vector<std::string>{"1m incident_acknowledged alice",
                                               "20m incident_acknowledged bob"});
  d.clock.run_until(50 * kMinute);
  CHECK(d.brief(4) == std::vector<std::string>{"50m incident_retriggered", "50m page alice"});
  CHECK(d.events[4].attributes[2] == std::pair<std::string, std::string>{"acknowledged_by", "bob"});
}

TEST_CASE("a re-trigger after a hand-off pages the new on-call", "[paging]") {
  // primary hands off from alice to bob at 10:00, 1h into the run.
  Drill d;
  d.clock.run_until(50 * kMinute);
  d.pager.trigger("payments", "k", "T", "r");
  d.clock.run_until(52 * kMinute);
  CHECK(d.pager.acknowledge(1, "alice").empty());
  d.clock.run_until(82 * kMinute);
  CHECK(d.brief() == std::vector<std::string>{"50m incident_triggered", "50m page alice",
                                              "52m incident_acknowledged alice",
                                              "1h22m incident_retriggered", "1h22m page bob"});
  CHECK(d.pager.find(1)->assigned == std::vector<std::string>{"bob"});
}

TEST_CASE("a repeat after a hand-off pages the new on-call", "[paging]") {
  std::vector<TeamSpec> teams = standard_teams();
  EscalationPolicySpec& policy = *teams[0].escalation;
  policy.levels = {level({schedule_target("primary")}, 30 * kMinute)};
  policy.repeat = 1;
  Drill d(teams);
  d.clock.run_until(45 * kMinute);
  d.pager.trigger("payments", "k", "T", "r");
  d.clock.run_until(10 * kHour);
  CHECK(d.brief() == std::vector<std::string>{"45m incident_triggered", "45m page alice",
                                              "1h15m escalated", "1h15m page bob"});
  CHECK(d.events[2].attributes == Attributes{{"incident", "1"},
                                             {"team", "payments"},
                                             {"from_level", "1"},
                                             {"to_level", "1"},
                                             {"loop", "2"},
                                             {"unanswered", "alice"},
                                             {"reason", "not acknowledged within 30m"}});
  CHECK(d.pager.on_call("payments", "primary", 45 * kMinute) == "alice");
  CHECK(d.pager.on_call("payments", "primary", kHour) == "bob");
  CHECK(d.pager.on_call("payments", "nosuch", kHour) == "");
  CHECK(d.pager.on_call("nosuch", "primary", kHour) == "");
}

TEST_CASE("a trigger with the key of an open incident joins it", "[paging]") {
  Drill d;
  CHECK(d.pager.trigger("payments", "k", "First", "r") == 1);
  d.clock.run_until(kMinute);
  CHECK(d.pager.trigger("payments", "k", "Second", "r") == 1);
  CHECK(d.events.size() == 2);
  CHECK(d.pager.find(1)->alerts == 2);
  CHECK(d.pager.find(1)->title == "First");
  // Another key, or the same key for another team, opens another incident.
  CHECK(d.pager.trigger("payments", "other", "T", "r") == 2);
  CHECK(d.pager.trigger("web", "k", "T", "r") == 3);
  // An acknowledged incident still takes the trigger, and stays acknowledged.
  CHECK(d.pager.acknowledge(1, "alice").empty());
  CHECK(d.pager.trigger("payments", "k", "Third", "r") == 1);
  CHECK(d.pager.find(1)->alerts == 3);
  CHECK(d.pager.find(1)->state == IncidentState::kAcknowledged);
  // Once resolved, the key opens a new incident.
  CHECK(d.pager.resolve(1, "alice").empty());
  CHECK(d.pager.trigger("payments", "k", "Fourth", "r") == 4);
  CHECK(d.pager.incidents().size() == 4);
}

TEST_CASE("the integration resolves the open incident of its key", "[paging]") {
  Drill d;
  d.pager.trigger("payments", "k", "T", "r");
  d.clock.run_until(3 * kMinute);
  d.pager.resolve_by_key("payments", "nosuch");
  d.pager.resolve_by_key("web", "k");
  CHECK(d.events.size() == 2);
  d.pager.resolve_by_key("payments", "k");
  REQUIRE(d.events.size() == 3);
  CHECK(d.events[2].time == 3 * kMinute);
  CHECK(d.events[2].kind == event_kind::kIncidentResolved);
  CHECK(d.events[2].attributes ==
        Attributes{{"incident", "1"}, {"team", "payments"}, {"by", "alertmanager"}});
  const Incident& incident = *d.pager.find(1);
  CHECK(incident.state == IncidentState::kResolved);
  CHECK(incident.resolved_at == 3 * kMinute);
  CHECK(incident.resolved_by == "alertmanager");
  d.clock.run_until(kDay);
  CHECK(d.events.size() == 3);              // no escalation after the resolve
  d.pager.resolve_by_key("payments", "k");  // already resolved: nothing
  CHECK(d.events.size() == 3);
}

TEST_CASE("a responder resolves an acknowledged incident and the re-trigger is off", "[paging]") {
  Drill d;
  d.pager.trigger("payments", "k", "T", "r");
  CHECK(d.pager.acknowledge(1, "alice").empty());
  d.clock.run_until(10 * kMinute);
  CHECK(d.pager.resolve(1, "trainee-1").empty());
  CHECK(d.events.back().attributes ==
        Attributes{{"incident", "1"}, {"team", "payments"}, {"by", "trainee-1"}});
  d.clock.run_until(kDay);
  CHECK(d.brief() == std::vector<std::string>{"0s incident_triggered", "0s page alice",
                                              "0s incident_acknowledged alice",
                                              "10m incident_resolved"});
  CHECK(d.clock.idle());
}

TEST_CASE("refused actions say why and emit nothing", "[paging]") {
  Drill d;
  d.pager.trigger("payments", "k", "T", "r");
  CHECK(d.pager.acknowledge(9, "alice") == "no incident #9");
  CHECK(d.pager.resolve(0, "alice") == "no incident #0");
  CHECK(d.pager.acknowledge(1, "") == "acknowledging incident #1 needs the name of who does it");
  CHECK(d.pager.resolve(1, "") == "resolving incident #1 needs the name of who does it");
  CHECK(d.events.size() == 2);
  CHECK(d.pager.resolve(1, "bob").empty());
  CHECK(d.pager.resolve(1, "bob") == "incident #1 is already resolved");
  CHECK(d.pager.acknowledge(1, "bob") == "incident #1 is already resolved");
  CHECK(d.events.size() == 3);
  CHECK_THROWS_AS(d.pager.trigger("nosuch", "k", "T", "r"), std::invalid_argument);
}

TEST_CASE("a team without an escalation policy has incidents that page nobody", "[paging]") {
  Drill d;
  CHECK(d.pager.trigger("web", "k", "T", "r") == 1);
  REQUIRE(d.events.size() == 1);
  CHECK(d.events[0].attributes == Attributes{{"incident", "1"},
                                             {"team", "web"},
                                             {"title", "T"},
                                             {"dedup_key", "k"},
                                             {"reason", "r"},
                                             {"level", "1"},
                                             {"paged", "nobody"}});
  CHECK(d.pager.find(1)->assigned.empty());
  CHECK(d.clock.idle());
  CHECK(d.pager.acknowledge(1, "erin").empty());
  CHECK(d.clock.idle());  // nothing to page again: no re-trigger
  CHECK(d.pager.resolve(1, "erin").empty());
  CHECK(d.events.size() == 3);
}

TEST_CASE("a level with nobody on call is noted and escalates at once", "[paging]") {
  std::vector<TeamSpec> teams = standard_teams();
  // secondary only covers 12:00 to 13:00 (3h to 4h into the run).
  teams[0].schedules[1].layers[0].restrictions = {TimeOfDayWindow{12 * kHour, 13 * kHour, {}}};
  EscalationPolicySpec& policy = *teams[0].escalation;
  policy.levels = {level({schedule_target("secondary")}, 5 * kMinute),
                   level({schedule_target("secondary"), schedule_target("primary")}, 5 * kMinute)};
  policy.repeat = 0;
  Drill d(teams);
  d.pager.trigger("payments", "k", "T", "alertmanager: receiver pager");
  d.clock.run_until(kHour);
  REQUIRE(d.events.size() == 3);
  CHECK(d.events[0].attributes == Attributes{{"incident", "1"},
                                             {"team", "payments"},
                                             {"title", "T"},
                                             {"dedup_key", "k"},
                                             {"reason",
                                              "alertmanager: receiver pager; nobody on "
                                              "call for schedule secondary"},
                                             {"level", "1"},
                                             {"paged", "nobody"}});
  CHECK(d.events[1].attributes == Attributes{{"incident", "1"},
                                             {"team", "payments"},
                                             {"from_level", "1"},
                                             {"to_level", "2"},
                                             {"loop", "1"},
                                             {"unanswered", ""},
                                             {"reason", "nobody on call at level 1"}});
  CHECK(d.events[1].time == 0);  // PagerDuty does not wait on a level that reached nobody
  CHECK(d.events[2].time == 0);
  CHECK(d.events[2].attributes == Attributes{{"incident", "1"},
                                             {"team", "payments"},
                                             {"person", "alice"},
                                             {"level", "2"},
                                             {"loop", "1"},
                                             {"via", "schedule primary"},
                                             {"reason",
                                              "escalated: nobody was on call at level 1 "
                                              "(nobody on call for schedule secondary)"}});
}

TEST_CASE("an incident keeps the policy it triggered with", "[paging]") {
  Drill d;
  d.pager.trigger("payments", "k", "T", "r");
  // The team's policy changes after the trigger: the open incident does not see it.
  d.teams[0].escalation->levels[0].escalate_after = kHour;
  d.teams[0].escalation->levels.pop_back();
  d.teams[0].escalation->repeat = 0;
  d.clock.run_until(5 * kMinute);
  CHECK(d.brief() == std::vector<std::string>{"0s incident_triggered", "0s page alice",
                                              "5m escalated", "5m page carol"});
  CHECK(d.pager.find(1)->policy.levels.size() == 2);
  // A new incident takes the new policy; dropping the policy altogether too.
  d.pager.trigger("payments", "k2", "T", "r");
  CHECK(d.pager.find(2)->escalates_at.has_value() == false);  // one level, repeat 0
  d.teams[0].escalation.reset();
  d.pager.trigger("payments", "k3", "T", "r");
  CHECK(d.events.back().attributes.back() ==
        std::pair<std::string, std::string>{"paged", "nobody"});
  d.clock.run_until(20 * kMinute);
  // Incident 1 goes on with its two levels and its repeats.
  CHECK(d.brief(4) == std::vector<std::string>{
                          "5m incident_triggered", "5m page alice", "5m incident_triggered",
                          "15m escalated", "15m page alice", "20m escalated", "20m page carol"});
}

TEST_CASE("a person reached twice at a level is paged once", "[paging]") {
  std::vector<TeamSpec> teams = standard_teams();
  teams[0].escalation->levels[0].targets = {person_target("dave"), schedule_target("primary"),
                                            person_target("alice"), person_target("dave")};
  Drill d(teams);
  d.pager.trigger("payments", "k", "T", "r");
  CHECK(d.brief() ==
        std::vector<std::string>{"0s incident_triggered", "0s page dave", "0s page alice"});
  CHECK(d.events[1].attributes[5] == std::pair<std::string, std::string>{"via", "direct"});
  CHECK(d.events[2].attributes[5] ==
        std::pair<std::string, std::string>{"via", "schedule primary"});
  d.clock.run_until(5 * kMinute);
  CHECK(d.events[3].attributes[5] ==
        std::pair<std::string, std::string>{"unanswered", "dave,alice"});
  CHECK(d.events[4].attributes[6] ==
        std::pair<std::string, std::string>{"reason",
                                            "escalated: dave and alice did not acknowledge "
                                            "within 5m"});
}

TEST_CASE("an event sink may act on the pager as events arrive", "[paging]") {
  std::vector<TeamSpec> teams = standard_teams();
  ManualScheduler clock;
  std::vector<RunEvent> events;
  Pager* pager_ptr = nullptr;
  Pager pager(teams, kStartOfDay, clock, [&](RunEvent e) {
    // Whoever is paged acknowledges at once, and a second incident opens.
    if (e.kind == event_kind::kPage && e.attributes[0].second == "1") {
      CHECK(pager_ptr->acknowledge(1, e.attributes[2].second).empty());
      pager_ptr->trigger("payments", "other", "T", "r");
    }
    events.push_back(std::move(e));
  });
  pager_ptr = &pager;
  pager.trigger("payments", "k", "T", "r");
  clock.run_until(10 * kMinute);
  CHECK(pager.find(1)->state == IncidentState::kAcknowledged);
  CHECK(pager.incidents().size() == 2);
  // The sink's own actions' events arrive before the page that caused them.
  std::vector<std::string> kinds;
  for (const RunEvent& e : events) kinds.push_back(e.attributes[0].second + " " + e.kind);
  CHECK(kinds == std::vector<std::string>{"1 incident_triggered", "1 incident_acknowledged",
                                          "2 incident_triggered", "2 page", "1 page", "2 escalated",
                                          "2 page"});
}

TEST_CASE("timers still queued when the pager is gone do nothing", "[paging]") {
  std::vector<TeamSpec> teams = standard_teams();
  ManualScheduler clock;
  int events = 0;
  {
    Pager pager(teams, kStartOfDay, clock, [&events](RunEvent) { ++events; });
    pager.trigger("payments", "k", "T", "r");
  }
  CHECK(events == 2);
  CHECK_FALSE(clock.idle());
  clock.run_until(kDay);
  CHECK(events == 2);
}
