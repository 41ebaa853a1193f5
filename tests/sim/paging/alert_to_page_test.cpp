// The whole chain inside a Simulation: an outage makes a Prometheus rule
// fire, Alertmanager groups and notifies the receiver of the owning team,
// the pager opens an incident and pages the on-call, escalates, repeats the
// policy, re-triggers an acknowledged incident after a schedule hand-off
// (paging the new on-call), and resolves the incident when the alert
// resolves. Every time is pinned: evaluations every minute from 0, the for
// duration, group_wait, group_interval ticks, escalate_after, ack_timeout.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/model/simulation.h"
#include "sim/paging/pager.h"
#include "sim/routing/dispatcher.h"
#include "sim/scenario/loader.h"

using namespace firedrill;

namespace {

const char* const kScenario = R"(firedrill: 1
name: paging
title: Paging
duration: 2h
start: "09:00"
alerts:
  groups:
    - name: availability
      rules:
        - alert: ServiceDown
          expr: sum by (service) (replicas_up) == 0
          for: 1m
          labels: {severity: page}
routing:
  route:
    receiver: data
    group_by: [service]
    group_wait: 30s
    group_interval: 5m
  receivers:
    - name: data
teams:
  data:
    members: [alice, bob, carol]
    schedules:
      primary: {users: [alice, bob], rotation: 1d, handoff: "09:40"}
    escalation:
      levels:
        - {notify: [primary], escalate_after: 5m}
        - {notify: [carol], escalate_after: 10m}
      repeat: 1
      ack_timeout: 20m
services:
  db: {replicas: 2, startup: 30s}
traffic:
  - {entry: db, rate: 5/s}
)";

std::string attribute(const RunEvent& e, std::string_view name) {
  for (const auto& [k, v] : e.attributes) {
    if (k == name) return v;
  }
  return "";
}

// "HH:MM:SS kind detail" for the events of the chain.
std::vector<std::string> chain(const Simulation& sim) {
  std::vector<std::string> out;
  for (const RunEvent& e : sim.journal().events) {
    std::string detail;
    if (e.kind == "alert_firing" || e.kind == "alert_resolved") {
      detail = attribute(e, "alertname");
    } else if (e.kind == "notification") {
      detail = attribute(e, "receiver") + " " + attribute(e, "status");
    } else if (e.kind == "page") {
      detail = attribute(e, "person") + " level " + attribute(e, "level") + " pass " +
               attribute(e, "loop");
    } else if (e.kind == "escalated") {
      detail = attribute(e, "from_level") + "->" + attribute(e, "to_level");
    } else if (e.kind == "incident_acknowledged") {
      detail = attribute(e, "person");
    } else if (e.kind == "incident_resolved") {
      detail = attribute(e, "by");
    } else if (e.kind == "incident_triggered" || e.kind == "incident_retriggered") {
      detail = "#" + attribute(e, "incident");
    } else {
      continue;
    }
    out.push_back(format_clock(e.time).substr(0, 8) + " " + e.kind + " " + detail);
  }
  return out;
}

}  // namespace

TEST_CASE("an outage pages the on-call, escalates, re-triggers and resolves on time",
          "[paging][simulation]") {
  const Scenario scenario = load_scenario_text(kScenario, "paging.yaml");
  Simulation sim(scenario, scenario.seed);
  REQUIRE(sim.alertmanager() != nullptr);
  REQUIRE(sim.pager() != nullptr);
  sim.at(10 * kMinute, [&] { sim.set_outage(0, 1.0); });
  // Alice acknowledges during the policy's second pass, then lets it sit.
  sim.at(28 * kMinute, [&] { CHECK(sim.pager()->acknowledge(1, "alice").empty()); });
  sim.at(60 * kMinute, [&] { sim.set_outage(0, 0.0); });
  sim.run_until(2 * kHour);

  CHECK(chain(sim) == std::vector<std::string>{
                          // for: 1m after the scrape at 10m that saw no replica up.
                          "00:11:00 alert_firing ServiceDown",
                          // group_wait 30s, then the receiver `data` pages team data.
                          "00:11:30 notification data firing",
                          "00:11:30 incident_triggered #1",
                          "00:11:30 page alice level 1 pass 1",
                          // level 1's escalate_after: 5m.
                          "00:16:30 escalated 1->2",
                          "00:16:30 page carol level 2 pass 1",
                          // level 2's 10m, then the policy repeats once.
                          "00:26:30 escalated 2->1",
                          "00:26:30 page alice level 1 pass 2",
                          "00:28:00 incident_acknowledged alice",
                          // ack_timeout 20m: re-triggered at level 1. The primary
                          // schedule handed off to bob at 09:40 (40m into the run).
                          "00:48:00 incident_retriggered #1",
                          "00:48:00 page bob level 1 pass 2",
                          "00:53:00 escalated 1->2",
                          "00:53:00 page carol level 2 pass 2",
                          // Replicas back at 60m30s; the 61m evaluation resolves;
                          // the group's next flush (11m30s + 50m) tells the receiver,
                          // and the incident resolves.
                          "01:01:00 alert_resolved ServiceDown",
                          "01:01:30 notification data resolved",
                          "01:01:30 incident_resolved alertmanager",
                      });
  const Incident* incident = sim.pager()->find(1);
  REQUIRE(incident != nullptr);
  CHECK(incident->state == IncidentState::kResolved);
  CHECK(incident->resolved_by == "alertmanager");
  CHECK(sim.alertmanager()->groups().empty());
}

TEST_CASE("the page events say who was paged and why", "[paging][simulation]") {
  const Scenario scenario = load_scenario_text(kScenario, "paging.yaml");
  Simulation sim(scenario, scenario.seed);
  sim.at(10 * kMinute, [&] { sim.set_outage(0, 1.0); });
  sim.run_until(17 * kMinute);
  std::vector<const RunEvent*> pages;
  for (const RunEvent& e : sim.journal().events) {
    if (e.kind == "page") pages.push_back(&e);
  }
  REQUIRE(pages.size() == 2);
  CHECK(pages[0]->attributes ==
        std::vector<std::pair<std::string, std::string>>{{"incident", "1"},
                                                         {"team", "data"},
                                                         {"person", "alice"},
                                                         {"level", "1"},
                                                         {"loop", "1"},
                                                         {"via", "schedule primary"},
                                                         {"reason", "incident triggered"}});
  CHECK(attribute(*pages[1], "person") == "carol");
  CHECK(attribute(*pages[1], "reason") == "escalated: alice did not acknowledge within 5m");
  for (const RunEvent& e : sim.journal().events) {
    if (e.kind != "incident_triggered") continue;
    CHECK(attribute(e, "title") == "[FIRING:1] db (ServiceDown page)");
    CHECK(attribute(e, "reason") ==
          "Alertmanager notified receiver data: new alert group, after group_wait 30s");
  }
}
