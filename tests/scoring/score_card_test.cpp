// The score card's rules on hand-made runs: what each item measures, the
// points it gives and the reason it states.
#include <catch2/catch.hpp>

#include "scoring/score_card.h"
#include "scoring_fixture.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

const ScoreItem& item(const ScoreCard& card, const std::string& id) {
  for (const ScoreSection& s : card.sections) {
    for (const ScoreItem& i : s.items) {
      if (i.id == id) return i;
    }
  }
  FAIL("no item " << id);
  throw std::logic_error("unreachable");
}

const ScoreSection& section(const ScoreCard& card, const std::string& id) {
  for (const ScoreSection& s : card.sections) {
    if (s.id == id) return s;
  }
  FAIL("no section " << id);
  throw std::logic_error("unreachable");
}

// api fails 200 of web's 600 requests a minute from 10m until `until`.
std::vector<double> outage_until(int until) {
  std::vector<double> bad(10, 1.0);
  for (int m = 10; m < until; ++m) bad.push_back(200);
  return bad;
}

UserImpact doing_nothing() {
  FakeRun nothing;
  nothing.traffic(600, outage_until(60));
  return measure_user_impact(nothing.view(), nothing.scenario.scoring.slo, 10 * kMinute);
}

void good_response(FakeRun& run) {
  run.traffic(600, outage_until(20));
  run.page(11, "1", "payments");
  run.ack(12, "1", "payments");
  run.action(12, "declare", "declare \"api errors\"", {{"title", "api errors"}});
  run.action(12, "severity", "severity SEV-2", {{"severity", "SEV-2"}});
  run.action(12, "role", "role commander alice", {{"role", "commander"}, {"person", "alice"}});
  run.action(13, "status", "status \"Investigating api errors\"", {{"update", "1"}});
  run.action(15, "mitigate", "mitigate rollback api", {{"mitigation", "rollback"}}, "api");
  run.action(15, "rootcause", "rootcause api bad-deploy", {{"fault", "bad-deploy"}}, "api");
  run.action(25, "status", "status \"Fixed\"", {{"update", "2"}});
  run.action(30, "resolve", "resolve");
}

}  // namespace

TEST_CASE("a good response earns every point but what doing nothing could not have avoided",
          "[scoring]") {
  FakeRun run;
  good_response(run);
  const UserImpact baseline = doing_nothing();
  const ScoreCard card = score_run(run.view(), &baseline);

  REQUIRE(card.has_incident);
  CHECK(card.max == 100);
  for (const char* id : {"detection", "triage", "escalation", "mitigation", "communication"}) {
    INFO(id);
    CHECK(section(card, id).points == section(card, id).max);
  }
  // 10 minutes of outage instead of 50: about four fifths avoided.
  CHECK(item(card, "failed_requests_avoided").points == 8);
  CHECK_THAT(item(card, "failed_requests_avoided").reason, Catch::Contains("80% avoided"));
  CHECK(card.total == 98);

  CHECK(card.times.onset == 10 * kMinute);
  CHECK(card.times.first_signal == 11 * kMinute);
  CHECK(card.times.detected == 12 * kMinute);
  CHECK(card.times.mitigated == 20 * kMinute);  // the last hurt minute is 19
  CHECK(card.times.resolved == 30 * kMinute);
  CHECK(card.responders == std::vector<std::string>{"alice"});
  REQUIRE(card.pages.size() == 1);
  CHECK(card.pages[0].acknowledged_at == 12 * kMinute);
  CHECK_THAT(item(card, "time_to_mitigate").reason,
             Catch::Contains("after rollback api at +5m") && Catch::Contains("+10m"));
}

TEST_CASE("a poor response loses points, each with its reason", "[scoring]") {
  FakeRun run;
  run.traffic(600, outage_until(60));
  run.page(11, "1", "payments");
  run.ack(25, "1", "payments");  // 14 minutes after the page
  run.action(25, "declare", "declare \"errors\"", {{"title", "errors"}});
  run.action(26, "severity", "severity SEV-3", {{"severity", "SEV-3"}});
  run.action(27, "escalate", "escalate data", {{"team", "data"}});
  run.action(28, "mitigate", "mitigate restart db", {{"mitigation", "restart"}}, "db");
  run.action(29, "rootcause", "rootcause db outage", {{"fault", "outage"}}, "db");
  const UserImpact baseline = doing_nothing();
  const ScoreCard card = score_run(run.view(), &baseline);

  // 14 minutes for a 5-minute target: 1 - 9/10 of the points, rounded down.
  CHECK(item(card, "page_acknowledgement").points == 0);
  CHECK_THAT(item(card, "page_acknowledgement").reason,
             Catch::Contains("0 of 1 page acknowledged within 5m") &&
                 Catch::Contains("#1 (payments) after 14m"));
  // One level off: half.
  CHECK(item(card, "severity").points == 5);
  CHECK_THAT(item(card, "severity").reason, Catch::Contains("one level off"));
  CHECK(item(card, "root_cause").points == 0);
  CHECK_THAT(item(card, "root_cause").reason, Catch::Contains("bad-deploy in api"));
  CHECK(item(card, "needless_pages").points == 2);
  CHECK_THAT(item(card, "needless_pages").reason, Catch::Contains("paged data needlessly"));
  CHECK(item(card, "commander").points == 0);
  CHECK(item(card, "time_to_mitigate").points == 0);
  CHECK_THAT(item(card, "time_to_mitigate").reason, Catch::Contains("still hurt at the end"));
  CHECK(item(card, "harmful_actions").points == 5);
  CHECK_THAT(item(card, "harmful_actions").reason,
             Catch::Contains("restart db at +18m (db is not the root cause)"));
  CHECK(item(card, "first_status").points == 0);
  // Keeping the incident open while users are hurt is right.
  CHECK(item(card, "resolution").max == item(card, "resolution").points);
  CHECK(item(card, "failed_requests_avoided").points == 0);
  CHECK(card.total < 50);
}

TEST_CASE("doing nothing scores nothing", "[scoring]") {
  FakeRun run;
  run.traffic(600, outage_until(60));
  run.page(11, "1", "payments");
  const UserImpact baseline = doing_nothing();
  const ScoreCard card = score_run(run.view(), &baseline);
  CHECK(card.total == 0);
  CHECK_FALSE(card.times.detected);
  CHECK(card.impact.breached);
}

TEST_CASE("severity one level off earns half, further off nothing, and a late one less",
          "[scoring]") {
  struct Case {
    const char* severity;
    double at;
    int points;
  };
  for (const Case& c :
       {Case{"SEV-2", 12, 10}, Case{"SEV-1", 12, 5}, Case{"SEV-4", 12, 0}, Case{"SEV-2", 50, 7}}) {
    FakeRun run;
    run.traffic(600, outage_until(20));
    run.page(11, "1", "payments");
    run.action(c.at, "severity", std::string("severity ") + c.severity, {{"severity", c.severity}});
    const ScoreCard card = score_run(run.view(), nullptr);
    INFO(c.severity << " at " << c.at << "m: " << item(card, "severity").reason);
    CHECK(item(card, "severity").points == c.points);
  }
}

TEST_CASE("the scenario's acceptable mitigations are not harmful", "[scoring]") {
  FakeRun run("scoring:\n  acceptable: [\"restart db\"]\n");
  run.traffic(600, outage_until(20));
  run.action(15, "mitigate", "mitigate restart db", {{"mitigation", "restart"}}, "db");
  const ScoreCard card = score_run(run.view(), nullptr);
  CHECK(item(card, "harmful_actions").points == item(card, "harmful_actions").max);
}

TEST_CASE("status updates are counted against the cadence", "[scoring]") {
  FakeRun run;
  run.traffic(600, outage_until(20));
  run.ack(12, "1", "payments");
  run.action(12, "declare", "declare x", {{"title", "x"}});
  run.action(13, "status", "status a");
  // SEV-2: one an hour. 13m -> 1h0m (resolved) is one gap under an hour.
  run.action(60, "resolve", "resolve");
  ScoreCard card = score_run(run.view(), nullptr);
  CHECK(item(card, "status_cadence").points == item(card, "status_cadence").max);

  FakeRun late("scoring:\n  targets: {status_every: 10m}\n");
  late.traffic(600, outage_until(20));
  late.ack(12, "1", "payments");
  late.action(13, "status", "status a");
  late.action(35, "status", "status b");  // 22 minutes: two missed
  late.end = 40 * kMinute;                // 5 more minutes: on time
  card = score_run(late.view(), nullptr);
  CHECK_THAT(item(card, "status_cadence").reason, Catch::Contains("2 updates missed"));
  CHECK(item(card, "status_cadence").points == 2);  // 4 * (1 - 2/4)

  FakeRun none("scoring:\n  targets: {status_every: none}\n");
  none.traffic(600, outage_until(20));
  card = score_run(none.view(), nullptr);
  CHECK(item(card, "status_cadence").points == item(card, "status_cadence").max);
}

TEST_CASE("weights split each section's points between its items", "[scoring]") {
  FakeRun run(
      "scoring:\n  weights: {detection: 41, triage: 19, escalation: 10, mitigation: 10, "
      "communication: 10, impact: 10}\n");
  run.traffic(600, outage_until(20));
  const ScoreCard card = score_run(run.view(), nullptr);
  CHECK(section(card, "detection").max == 41);
  CHECK(section(card, "triage").max == 19);
  for (const ScoreSection& s : card.sections) {
    int sum = 0;
    for (const ScoreItem& i : s.items) sum += i.max;
    CHECK(sum == s.max);
  }
  CHECK(card.max == 100);
}

TEST_CASE("a scenario without an incident is not scored", "[scoring]") {
  FakeRun run;
  run.scenario.incident.reset();
  run.traffic(600, {});
  const ScoreCard card = score_run(run.view(), nullptr);
  CHECK_FALSE(card.has_incident);
  CHECK(card.sections.empty());
  CHECK(card.max == 0);
}

TEST_CASE("without a start the onset is the first fault on the root-cause service", "[scoring]") {
  FakeRun run;
  run.scenario.incident->start_given = false;
  run.event(3, "fault", "web", {{"fault", "latency"}});
  run.event(7, "fault", "api", {{"fault", "errors"}});
  CHECK(incident_onset(run.view()) == 7 * kMinute);
}

TEST_CASE("a run that ended before the incident started is not scored", "[scoring]") {
  FakeRun run;
  run.end = 8 * kMinute;  // the incident starts at 10m
  run.traffic(600, {});
  const ScoreCard card = score_run(run.view(), nullptr);
  CHECK_FALSE(card.has_incident);
  CHECK(card.unscored == "the run ended at 8m, before the incident started (10m)");

  FakeRun no_fault;
  no_fault.scenario.incident->start_given = false;
  no_fault.traffic(600, {});
  CHECK_THAT(score_run(no_fault.view(), nullptr).unscored,
             Catch::Contains("the incident's fault never started"));
}

TEST_CASE("a mitigation after users had recovered does not count as mitigating", "[scoring]") {
  FakeRun run;
  run.traffic(600, outage_until(14));  // the impact ends by itself at 14m
  run.action(30, "mitigate", "mitigate rollback api", {{"mitigation", "rollback"}}, "api");
  const ScoreCard card = score_run(run.view(), nullptr);
  CHECK_FALSE(card.times.mitigated);
  CHECK(item(card, "time_to_mitigate").points == 0);
  CHECK_THAT(item(card, "time_to_mitigate").reason,
             Catch::Contains("not after a responder's mitigation"));
}

TEST_CASE(
    "when doing nothing hurts nobody, a response that costs requests loses the impact "
    "points",
    "[scoring]") {
  FakeRun calm;
  calm.traffic(600, {});
  const UserImpact nothing =
      measure_user_impact(calm.view(), calm.scenario.scoring.slo, 10 * kMinute);

  FakeRun harmful;
  harmful.traffic(600, outage_until(30));  // e.g. a rate limit far too low
  CHECK(item(score_run(harmful.view(), &nothing), "failed_requests_avoided").points == 0);
  CHECK_THAT(item(score_run(harmful.view(), &nothing), "failed_requests_avoided").reason,
             Catch::Contains("the response cost"));
  CHECK(item(score_run(calm.view(), &nothing), "failed_requests_avoided").points == 10);
}
