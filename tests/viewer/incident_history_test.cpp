// build_history and the state-at-a-time helpers on hand-built journals
// (viewer/replay/incident_history.h).
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "sim/model/event_kinds.h"
#include "viewer/replay/incident_history.h"

using namespace firedrill;
using namespace firedrill::viewer;
namespace ek = firedrill::event_kind;

namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

RunEvent event(SimTime time, std::string_view kind, std::string service, Attributes attributes) {
  RunEvent e;
  e.time = time;
  e.kind = std::string(kind);
  e.service = std::move(service);
  e.attributes = std::move(attributes);
  return e;
}

Attributes alert(const char* name, const char* labels) {
  return {{"alertname", name}, {"labels", labels}, {"annotation.summary", "it hurts"}};
}

constexpr const char* kCrashLabels = R"({service="checkout", severity="page"})";

}  // namespace

TEST_CASE("build_history: an alert from pending through firing to resolved", "[history]") {
  RunJournal j;
  j.events.push_back(
      event(10 * kMinute, ek::kAlertPending, "checkout", alert("CrashLooping", kCrashLabels)));
  j.events.push_back(
      event(15 * kMinute, ek::kAlertFiring, "checkout", alert("CrashLooping", kCrashLabels)));
  j.events.push_back(
      event(30 * kMinute, ek::kAlertResolved, "checkout", alert("CrashLooping", kCrashLabels)));
  const IncidentHistory h = build_history(j);
  REQUIRE(h.alerts.size() == 1);
  const AlertSpan& a = h.alerts[0];
  CHECK(a.name == "CrashLooping");
  CHECK(a.service == "checkout");
  CHECK(a.severity == "page");
  CHECK(a.summary == "it hurts");
  CHECK(a.pending == 10 * kMinute);
  CHECK(a.firing == 15 * kMinute);
  CHECK(a.ended == 30 * kMinute);

  CHECK(alert_state_at(a, 9 * kMinute) == AlertState::kInactive);
  CHECK(alert_state_at(a, 10 * kMinute) == AlertState::kPending);
  CHECK(alert_state_at(a, 15 * kMinute - 1) == AlertState::kPending);
  CHECK(alert_state_at(a, 15 * kMinute) == AlertState::kFiring);
  CHECK(alert_state_at(a, 30 * kMinute - 1) == AlertState::kFiring);
  CHECK(alert_state_at(a, 30 * kMinute) == AlertState::kInactive);
}

TEST_CASE("build_history: an alert that fires again is a second span", "[history]") {
  RunJournal j;
  const char* labels = R"({instance="db-0", service="db", severity="warning"})";
  // A rule without `for`: firing straight from inactive.
  j.events.push_back(event(1 * kMinute, ek::kAlertFiring, "db", alert("DbDown", labels)));
  j.events.push_back(event(2 * kMinute, ek::kAlertResolved, "db", alert("DbDown", labels)));
  j.events.push_back(event(3 * kMinute, ek::kAlertPending, "db", alert("DbDown", labels)));
  j.events.push_back(event(4 * kMinute, ek::kAlertCleared, "db", alert("DbDown", labels)));
  // Another label set of the same rule is another alert, still open.
  j.events.push_back(
      event(5 * kMinute, ek::kAlertFiring, "db", alert("DbDown", R"({instance="db-1"})")));
  const IncidentHistory h = build_history(j);
  REQUIRE(h.alerts.size() == 3);
  CHECK(h.alerts[0].pending == 1 * kMinute);
  CHECK(h.alerts[0].firing == 1 * kMinute);
  CHECK(h.alerts[0].ended == 2 * kMinute);
  CHECK(h.alerts[0].severity == "warning");
  CHECK(h.alerts[1].pending == 3 * kMinute);
  CHECK_FALSE(h.alerts[1].firing);  // pending, then cleared without firing
  CHECK(h.alerts[1].ended == 4 * kMinute);
  CHECK(alert_state_at(h.alerts[1], 3 * kMinute) == AlertState::kPending);
  CHECK(h.alerts[2].severity.empty());  // no severity label
  CHECK_FALSE(h.alerts[2].ended);
  CHECK(alert_state_at(h.alerts[2], kHour) == AlertState::kFiring);
}

TEST_CASE("build_history reads label values exactly", "[history]") {
  RunJournal j;
  // "xseverity" is not "severity"; an escaped quote stays in the value.
  j.events.push_back(
      event(0, ek::kAlertFiring, "", alert("A", R"({xseverity="no", severity="crit\"ical"})")));
  const IncidentHistory h = build_history(j);
  REQUIRE(h.alerts.size() == 1);
  CHECK(h.alerts[0].severity == "crit\"ical");
}

TEST_CASE("build_history: a pager incident's pages, acknowledgement and resolution", "[history]") {
  RunJournal j;
  j.events.push_back(event(40 * kMinute, ek::kIncidentTriggered, "",
                           {{"incident", "1"}, {"team", "payments"}, {"title", "checkout"}}));
  j.events.push_back(event(
      40 * kMinute, ek::kPage, "",
      {{"incident", "1"}, {"person", "dave"}, {"level", "1"}, {"reason", "incident triggered"}}));
  j.events.push_back(event(45 * kMinute, ek::kEscalated, "", {{"incident", "1"}}));
  j.events.push_back(
      event(45 * kMinute, ek::kPage, "", {{"incident", "1"}, {"person", "erin"}, {"level", "2"}}));
  j.events.push_back(
      event(46 * kMinute, ek::kIncidentAcknowledged, "", {{"incident", "1"}, {"person", "erin"}}));
  j.events.push_back(
      event(70 * kMinute, ek::kIncidentResolved, "", {{"incident", "1"}, {"by", "alertmanager"}}));
  // Events of an incident never triggered are ignored.
  j.events.push_back(event(71 * kMinute, ek::kPage, "", {{"incident", "9"}}));
  const IncidentHistory h = build_history(j);
  REQUIRE(h.incidents.size() == 1);
  const PagerIncident& i = h.incidents[0];
  CHECK(i.id == "1");
  CHECK(i.team == "payments");
  CHECK(i.title == "checkout");
  REQUIRE(i.pages.size() == 2);
  CHECK(i.pages[0].person == "dave");
  CHECK(i.pages[0].reason == "incident triggered");
  CHECK(i.pages[1].person == "erin");
  CHECK(i.pages[1].level == "2");
  CHECK(i.escalations == std::vector<SimTime>{45 * kMinute});
  CHECK(i.acknowledged == 46 * kMinute);
  CHECK(i.acknowledged_by == "erin");
  CHECK(i.resolved == 70 * kMinute);
  CHECK(i.resolved_by == "alertmanager");

  CHECK(incident_state_at(i, 39 * kMinute) == IncidentState::kNotYet);
  CHECK(incident_state_at(i, 40 * kMinute) == IncidentState::kTriggered);
  CHECK(incident_state_at(i, 45 * kMinute) == IncidentState::kTriggered);
  CHECK(incident_state_at(i, 46 * kMinute) == IncidentState::kAcknowledged);
  CHECK(incident_state_at(i, 70 * kMinute) == IncidentState::kResolved);
  CHECK(std::string(incident_state_name(IncidentState::kAcknowledged)) == "acknowledged");
}

TEST_CASE("incident_state_at: an acknowledgement that timed out is triggered again", "[history]") {
  RunJournal j;
  j.events.push_back(event(10 * kMinute, ek::kIncidentTriggered, "", {{"incident", "2"}}));
  j.events.push_back(
      event(12 * kMinute, ek::kIncidentAcknowledged, "", {{"incident", "2"}, {"person", "bob"}}));
  j.events.push_back(event(32 * kMinute, ek::kIncidentRetriggered, "", {{"incident", "2"}}));
  const IncidentHistory h = build_history(j);
  REQUIRE(h.incidents.size() == 1);
  const PagerIncident& i = h.incidents[0];
  CHECK(incident_state_at(i, 12 * kMinute) == IncidentState::kAcknowledged);
  CHECK(incident_state_at(i, 32 * kMinute - 1) == IncidentState::kAcknowledged);
  // Who acknowledged, as of the cursor (not the last one of the run).
  CHECK(ack_at(i, 11 * kMinute) == nullptr);
  REQUIRE(ack_at(i, 20 * kMinute) != nullptr);
  CHECK(ack_at(i, 20 * kMinute)->person == "bob");
  CHECK(ack_at(i, 40 * kMinute)->person == "bob");  // the last one, though re-triggered since
  CHECK(incident_state_at(i, 32 * kMinute) == IncidentState::kTriggered);
}

TEST_CASE("build_history keeps the first acknowledgement of an incident", "[history]") {
  // The pager accepts an `ack` of an incident already acknowledged. The first
  // one is when it was acknowledged: a second must not make the minutes in
  // between look unanswered.
  RunJournal j;
  j.events.push_back(event(10 * kMinute, ek::kIncidentTriggered, "", {{"incident", "3"}}));
  j.events.push_back(
      event(12 * kMinute, ek::kIncidentAcknowledged, "", {{"incident", "3"}, {"person", "bob"}}));
  j.events.push_back(
      event(15 * kMinute, ek::kIncidentAcknowledged, "", {{"incident", "3"}, {"person", "amy"}}));
  const IncidentHistory h = build_history(j);
  REQUIRE(h.incidents.size() == 1);
  const PagerIncident& i = h.incidents[0];
  CHECK(i.acknowledged == 12 * kMinute);
  CHECK(i.acknowledged_by == "bob");
  CHECK(incident_state_at(i, 13 * kMinute) == IncidentState::kAcknowledged);
}

TEST_CASE("build_history: an acknowledgement after a re-trigger re-acknowledges", "[history]") {
  RunJournal j;
  j.events.push_back(event(10 * kMinute, ek::kIncidentTriggered, "", {{"incident", "4"}}));
  j.events.push_back(
      event(12 * kMinute, ek::kIncidentAcknowledged, "", {{"incident", "4"}, {"person", "bob"}}));
  j.events.push_back(event(32 * kMinute, ek::kIncidentRetriggered, "", {{"incident", "4"}}));
  j.events.push_back(
      event(35 * kMinute, ek::kIncidentAcknowledged, "", {{"incident", "4"}, {"person", "amy"}}));
  const IncidentHistory h = build_history(j);
  REQUIRE(h.incidents.size() == 1);
  const PagerIncident& i = h.incidents[0];
  CHECK(i.acknowledged == 35 * kMinute);
  CHECK(i.acknowledged_by == "amy");
  CHECK(incident_state_at(i, 33 * kMinute) == IncidentState::kTriggered);
  CHECK(incident_state_at(i, 35 * kMinute) == IncidentState::kAcknowledged);
  CHECK(incident_state_at(i, kHour) == IncidentState::kAcknowledged);
  // The first acknowledgement holds until the re-trigger.
  REQUIRE(i.acks.size() == 2);
  CHECK(i.acks[0].person == "bob");
  CHECK(incident_state_at(i, 11 * kMinute) == IncidentState::kTriggered);
  CHECK(incident_state_at(i, 20 * kMinute) == IncidentState::kAcknowledged);
  CHECK(incident_state_at(i, 32 * kMinute - 1) == IncidentState::kAcknowledged);
}

TEST_CASE("build_history: faults from start to clear, ground truth", "[history]") {
  RunJournal j;
  j.events.push_back(event(5 * kMinute, ek::kFault, "checkout", {{"fault", "memory_leak"}}));
  // A change of an active fault is not a new one.
  j.events.push_back(event(6 * kMinute, ek::kFault, "checkout", {{"fault", "memory_leak"}}));
  j.events.push_back(event(7 * kMinute, ek::kFault, "db", {{"fault", "crash"}}));
  j.events.push_back(event(8 * kMinute, ek::kFault, "db", {{"fault", "latency"}}));
  j.events.push_back(event(8 * kMinute, ek::kFault, "db", {{"fault", "errors"}}));
  j.events.push_back(event(9 * kMinute, ek::kFault, "frontend", {{"fault", "spike"}}));
  j.events.push_back(event(10 * kMinute, ek::kFaultCleared, "db", {{"fault", "all"}}));
  j.events.push_back(event(11 * kMinute, ek::kSpikeEnded, "frontend", {}));
  const IncidentHistory h = build_history(j);
  REQUIRE(h.faults.size() == 5);
  CHECK(h.faults[0].fault == "memory_leak");
  CHECK_FALSE(h.faults[0].end);
  CHECK(h.faults[1].fault == "crash");
  CHECK(h.faults[1].end == 7 * kMinute);  // over as it happens
  CHECK(h.faults[2].end == 10 * kMinute);
  CHECK(h.faults[3].end == 10 * kMinute);
  CHECK(h.faults[4].end == 11 * kMinute);

  CHECK(fault_active(h, "checkout", 5 * kMinute));
  CHECK(fault_active(h, "checkout", kHour));
  CHECK_FALSE(fault_active(h, "checkout", 5 * kMinute - 1));
  CHECK_FALSE(fault_active(h, "db", 7 * kMinute));  // a crash is never "active"
  CHECK(fault_active(h, "db", 9 * kMinute));
  CHECK_FALSE(fault_active(h, "db", 10 * kMinute));
  CHECK(fault_active(h, "frontend", 10 * kMinute));
  CHECK_FALSE(fault_active(h, "frontend", 11 * kMinute));
}

TEST_CASE("build_history: partitions from two services are two faults, healed from either side",
          "[history]") {
  RunJournal j;
  j.events.push_back(
      event(5 * kMinute, ek::kFault, "cart", {{"fault", "partition"}, {"other", "db"}}));
  j.events.push_back(
      event(6 * kMinute, ek::kFault, "cart", {{"fault", "partition"}, {"other", "cache"}}));
  // The same partition again, from the other side: not a new fault.
  j.events.push_back(
      event(7 * kMinute, ek::kFault, "db", {{"fault", "partition"}, {"other", "cart"}}));
  // Healed from db's side: only cart-db ends.
  j.events.push_back(
      event(8 * kMinute, ek::kFaultCleared, "db", {{"fault", "partition"}, {"other", "cart"}}));
  j.events.push_back(
      event(9 * kMinute, ek::kFault, "web", {{"fault", "partition"}, {"other", "cache"}}));
  // Every fault of cache cleared: the partitions recorded on cart's and
  // web's side end too.
  j.events.push_back(event(10 * kMinute, ek::kFaultCleared, "cache", {{"fault", "all"}}));
  const IncidentHistory h = build_history(j);
  REQUIRE(h.faults.size() == 3);
  CHECK(fault_label(h.faults[0]) == "partition from db");
  CHECK(h.faults[0].end == 8 * kMinute);
  CHECK(fault_label(h.faults[1]) == "partition from cache");
  CHECK(h.faults[1].end == 10 * kMinute);
  CHECK(h.faults[2].service == "web");
  CHECK(h.faults[2].end == 10 * kMinute);
  CHECK(fault_active(h, "cart", 9 * kMinute));
  CHECK_FALSE(fault_active(h, "cart", 10 * kMinute));

  FaultSpan leak;
  leak.fault = "memory_leak";
  CHECK(fault_label(leak) == "memory_leak");
}
