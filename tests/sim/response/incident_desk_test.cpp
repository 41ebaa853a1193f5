// The incident desk: each action's effect on the model and on the declared
// incident, and the refusals, all recorded as events.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/model/simulation.h"
#include "sim/paging/pager.h"
#include "sim/response/incident_desk.h"
#include "sim/response/response_scenario.h"
#include "sim/routing/dispatcher.h"
#include "sim/scenario/loader.h"

using namespace firedrill;

namespace {

std::string attribute(const RunEvent& e, std::string_view name) {
  for (const auto& [k, v] : e.attributes) {
    if (k == name) return v;
  }
  return "";
}

Action act(const std::string& actor, const std::string& text) {
  Action a = parse_action(text);
  a.actor = actor;
  return a;
}

std::vector<const RunEvent*> events_of(const Simulation& sim, std::string_view kind) {
  std::vector<const RunEvent*> out;
  for (const RunEvent& e : sim.journal().events) {
    if (e.kind == kind) out.push_back(&e);
  }
  return out;
}

struct Desk {
  Scenario scenario = load_scenario_text(response_test::kScenario, "desk.yaml");
  Simulation sim{scenario, scenario.seed};
  IncidentDesk desk{sim, scenario};

  ActionOutcome apply(const std::string& actor, const std::string& text) {
    return desk.apply(act(actor, text));
  }
};

}  // namespace

TEST_CASE("the scenario's incident ground truth is loaded", "[response]") {
  Desk d;
  REQUIRE(d.scenario.incident);
  CHECK(d.scenario.incident->severity == 2);
  CHECK(d.scenario.incident->root_cause_service == "db");
  CHECK(d.scenario.incident->root_cause_fault == "outage");
  CHECK(d.scenario.incident->team == "data");
  CHECK(d.scenario.incident->start == 10 * kMinute);
}

TEST_CASE("incident actions need a declared incident, and are recorded either way", "[response]") {
  Desk d;
  d.sim.run_until(5 * kMinute);
  ActionOutcome early = d.apply("alice", "resolve");
  CHECK_FALSE(early.applied);
  CHECK(early.message == "resolve: no incident is declared yet (declare \"TITLE\" first)");
  CHECK_FALSE(d.apply("alice", "severity SEV-1").applied);
  CHECK_FALSE(d.apply("alice", "status \"looking\"").applied);

  CHECK(d.apply("alice", "declare \"Orders failing\"").applied);
  CHECK(d.apply("alice", "declare \"Again\"").message ==
        "declare: the incident \"Orders failing\" was declared at 00:05:00.000");
  d.sim.run_until(6 * kMinute);
  CHECK(d.apply("alice", "severity SEV-2").applied);
  CHECK(d.apply("alice", "role commander alice").applied);
  CHECK(d.apply("bob", "role comms bob").applied);
  CHECK(d.apply("bob", "status \"We are looking into failed orders\"").applied);
  CHECK(d.apply("alice", "rootcause db outage").applied);
  CHECK(d.apply("alice", "rootcause dbb outage").message ==
        "rootcause: unknown service 'dbb' (did you mean 'db'?)");
  CHECK(d.apply("alice", "resolve").applied);
  CHECK(d.apply("alice", "resolve").message ==
        "resolve: the incident was resolved at 00:06:00.000");

  const DeclaredIncident& i = d.desk.incident();
  CHECK(i.declared);
  CHECK(i.title == "Orders failing");
  CHECK(i.declared_at == 5 * kMinute);
  CHECK(i.declared_by == "alice");
  CHECK(i.severity == 2);
  CHECK(i.severity_set_at == 6 * kMinute);
  CHECK(i.roles == std::map<std::string, std::string>{{"commander", "alice"}, {"comms", "bob"}});
  REQUIRE(i.updates.size() == 1);
  CHECK(i.updates[0].actor == "bob");
  CHECK(i.root_cause_service == "db");
  CHECK(i.root_cause_fault == "outage");
  CHECK(i.resolved_at == 6 * kMinute);

  CHECK(d.desk.actions().size() == 13);
  const auto applied = events_of(d.sim, "action");
  const auto refused = events_of(d.sim, "action_refused");
  CHECK(applied.size() == 7);
  REQUIRE(refused.size() == 6);
  CHECK(attribute(*refused[0], "actor") == "alice");
  CHECK(attribute(*refused[0], "verb") == "resolve");
  CHECK(attribute(*refused[0], "text") == "resolve");
  CHECK(attribute(*refused[0], "reason") ==
        "resolve: no incident is declared yet (declare \"TITLE\" first)");
  CHECK(refused[0]->time == 5 * kMinute);
  CHECK(attribute(*applied[0], "title") == "Orders failing");
  CHECK(applied.back()->time == 6 * kMinute);
}

TEST_CASE("ack acknowledges a paged incident and refuses one that does not exist", "[response]") {
  Desk d;
  d.sim.at(10 * kMinute, [&] { d.sim.set_outage(1, 1.0); });
  d.sim.run_until(11 * kMinute + 30 * kSecond);
  REQUIRE(d.sim.pager()->incidents().size() == 1);
  CHECK(d.apply("alice", "ack 9").message == "ack: no incident #9");
  CHECK(d.apply("alice", "ack #1").applied);
  const Incident* incident = d.sim.pager()->find(1);
  CHECK(incident->state == IncidentState::kAcknowledged);
  CHECK(incident->acknowledged_by == "alice");
  // No escalation to bob at 16:30: acknowledged.
  d.sim.run_until(20 * kMinute);
  for (const RunEvent* e : events_of(d.sim, "escalated")) CHECK(e->time < 11 * kMinute);
  const auto acks = events_of(d.sim, "action");
  REQUIRE(acks.size() == 1);
  CHECK(attribute(*acks[0], "incident") == "1");
  CHECK(attribute(*acks[0], "team") == "data");
}

TEST_CASE("escalate pages another team's on-call", "[response]") {
  Desk d;
  d.sim.run_until(3 * kMinute);
  CHECK(d.apply("alice", "escalate webb").message ==
        "escalate: unknown team 'webb' (did you mean 'web'?)");
  const ActionOutcome out = d.apply("alice", "escalate web");
  CHECK(out.applied);
  CHECK(out.message == "paged web (incident #1)");
  const auto pages = events_of(d.sim, "page");
  REQUIRE(pages.size() == 1);
  CHECK(pages[0]->time == 3 * kMinute);
  CHECK(attribute(*pages[0], "person") == "carol");
  // Escalating again joins the open incident: nobody is paged twice.
  CHECK(d.apply("bob", "escalate web").message == "paged web (incident #1)");
  CHECK(events_of(d.sim, "page").size() == 1);
}

TEST_CASE("investigate and mitigate name services that exist", "[response]") {
  Desk d;
  CHECK(d.apply("alice", "investigate db").applied);
  CHECK(d.apply("alice", "investigate dv").message ==
        "investigate: unknown service 'dv' (did you mean 'db'?)");
  CHECK(d.apply("alice", "mitigate restart webx").message ==
        "mitigate: unknown service 'webx' (did you mean 'web'?)");
  const auto applied = events_of(d.sim, "action");
  REQUIRE(applied.size() == 1);
  CHECK(applied[0]->service == "db");
}

TEST_CASE("silence mutes matching alerts in Alertmanager", "[response]") {
  Desk d;
  d.sim.at(10 * kMinute, [&] { d.sim.set_outage(1, 1.0); });
  d.sim.run_until(kMinute);
  CHECK(d.apply("alice", "silence 'service=~\"(\"' 1h").message.rfind("silence: bad matchers", 0) ==
        0);
  CHECK(d.apply("alice", "silence service=db soon").message.rfind("silence: bad duration", 0) == 0);
  const ActionOutcome out = d.apply("alice", "silence service=db 1h");
  CHECK(out.applied);
  CHECK(out.message == "silence 1 until 01:01:00.000");
  d.sim.run_until(30 * kMinute);
  // The alert fires but pages nobody: silenced at the flush.
  CHECK_FALSE(events_of(d.sim, "alert_firing").empty());
  CHECK(events_of(d.sim, "page").empty());
  CHECK_FALSE(events_of(d.sim, "alert_muted").empty());
}
