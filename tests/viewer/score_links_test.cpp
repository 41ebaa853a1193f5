// item_moment, read_response_log and milestones on hand-built score cards
// and journals (viewer/replay/score_links.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/model/event_kinds.h"
#include "viewer/replay/score_links.h"

using namespace firedrill;
using namespace firedrill::viewer;

namespace {

constexpr SimTime kOnset = 20 * kMinute;

ScoreItem scored(const char* id, int points, int max, std::string reason = "") {
  return ScoreItem{id, id, points, max, std::move(reason)};
}

// A card with every milestone set at a distinct minute after the onset.
ScoreCard full_card() {
  ScoreCard card;
  card.has_incident = true;
  card.end = 2 * kHour;
  card.rubric.severity = 2;
  card.rubric.acknowledge = 5 * kMinute;
  ResponseTimes& t = card.times;
  t.onset = kOnset;
  t.first_signal = kOnset + 10 * kMinute;
  t.detected = kOnset + 12 * kMinute;
  t.first_ack = kOnset + 12 * kMinute;
  t.declared = kOnset + 13 * kMinute;
  t.severity_set = kOnset + 14 * kMinute;
  t.commander = kOnset + 15 * kMinute;
  t.team_engaged = kOnset + 16 * kMinute;
  t.first_mitigation = kOnset + 17 * kMinute;
  t.fixed = kOnset + 18 * kMinute;
  t.mitigated = kOnset + 25 * kMinute;
  t.first_status = kOnset + 19 * kMinute;
  t.resolved = kOnset + 40 * kMinute;
  PageRecord page;
  page.incident = "1";
  page.team = "payments";
  page.paged_at = kOnset + 10 * kMinute;
  page.acknowledged_at = kOnset + 12 * kMinute;
  card.pages.push_back(page);
  card.impact.first_hurt = kOnset + 2 * kMinute;
  card.impact.impact_end = kOnset + 25 * kMinute;
  return card;
}

std::optional<SimTime> moment(const ScoreCard& card, const char* section, const ScoreItem& item,
                              const ResponseLog* log = nullptr) {
  ScoreSection s;
  s.id = section;
  return item_moment(card, s, item, log);
}

RunEvent action(SimTime time, const char* verb,
                std::vector<std::pair<std::string, std::string>> extra = {}) {
  RunEvent e;
  e.time = time;
  e.kind = std::string(event_kind::kAction);
  e.attributes = {{"actor", "alice"}, {"verb", verb}};
  for (auto& kv : extra) e.attributes.push_back(std::move(kv));
  return e;
}

}  // namespace

TEST_CASE("item_moment maps each milestone item to its time", "[score_links]") {
  const ScoreCard card = full_card();
  const ResponseTimes& t = card.times;
  CHECK(moment(card, "detection", scored("time_to_detect", 12, 12)) == t.detected);
  CHECK(moment(card, "triage", scored("severity", 10, 10)) == t.severity_set);
  CHECK(moment(card, "escalation", scored("owning_team", 7, 8)) == t.team_engaged);
  CHECK(moment(card, "escalation", scored("commander", 4, 4)) == t.commander);
  CHECK(moment(card, "mitigation", scored("time_to_mitigate", 15, 15)) == t.mitigated);
  CHECK(moment(card, "communication", scored("first_status", 4, 4)) == t.first_status);
  CHECK(moment(card, "communication", scored("status_cadence", 4, 4)) == t.first_status);
  CHECK(moment(card, "communication", scored("resolution", 2, 2)) == t.resolved);
  CHECK(moment(card, "impact", scored("failed_requests_avoided", 8, 10)) == card.impact.impact_end);
}

TEST_CASE("item_moment falls back when the main milestone is missing", "[score_links]") {
  ScoreCard card = full_card();
  card.times.detected.reset();
  card.times.mitigated.reset();
  card.impact.impact_end.reset();
  // Never detected: the signal nobody picked up.
  CHECK(moment(card, "detection", scored("time_to_detect", 0, 12)) == card.times.first_signal);
  // Not mitigated: when a responder first tried.
  CHECK(moment(card, "mitigation", scored("time_to_mitigate", 0, 15)) ==
        card.times.first_mitigation);
  // Still hurting at the end: when users started being hurt.
  CHECK(moment(card, "impact", scored("failed_requests_avoided", 0, 10)) == card.impact.first_hurt);
}

TEST_CASE("item_moment gives no moment for what did not happen", "[score_links]") {
  ScoreCard card;  // nothing happened at all
  card.has_incident = true;
  CHECK_FALSE(moment(card, "detection", scored("time_to_detect", 0, 12)));
  CHECK_FALSE(moment(card, "detection", scored("page_acknowledgement", 8, 8)));
  CHECK_FALSE(moment(card, "triage", scored("severity", 0, 10)));
  CHECK_FALSE(moment(card, "escalation", scored("commander", 0, 4)));
  CHECK_FALSE(moment(card, "mitigation", scored("time_to_mitigate", 0, 15)));
  CHECK_FALSE(moment(card, "communication", scored("resolution", 0, 2)));
  CHECK_FALSE(moment(card, "impact", scored("failed_requests_avoided", 0, 10)));
  CHECK_FALSE(moment(card, "triage", scored("no_such_item", 0, 10)));
}

TEST_CASE("page_acknowledgement points at the first late or unanswered page", "[score_links]") {
  ScoreCard card = full_card();
  const ScoreItem item = scored("page_acknowledgement", 8, 8);
  // All on time: the first acknowledgement.
  CHECK(moment(card, "detection", item) == card.pages[0].acknowledged_at);

  // A second page acknowledged after 9 minutes (the target is 5).
  PageRecord late;
  late.paged_at = kOnset + 30 * kMinute;
  late.acknowledged_at = kOnset + 39 * kMinute;
  card.pages.push_back(late);
  CHECK(moment(card, "detection", item) == late.acknowledged_at);

  // A page nobody answered, before it: its page.
  PageRecord never;
  never.paged_at = kOnset + 5 * kMinute;
  card.pages.insert(card.pages.begin(), never);
  CHECK(moment(card, "detection", item) == never.paged_at);

  // ...unless Alertmanager resolved it within the 5 minutes: not counted.
  card.pages[0].resolved_at = kOnset + 8 * kMinute;
  CHECK(moment(card, "detection", item) == late.acknowledged_at);

  // A page sent too late in the run to answer is not counted either.
  ScoreCard end = full_card();
  end.pages.clear();
  PageRecord last;
  last.paged_at = end.end - kMinute;
  end.pages.push_back(last);
  CHECK_FALSE(moment(end, "detection", item));
}

TEST_CASE("read_response_log keeps the last root cause and every escalation", "[score_links]") {
  RunJournal journal;
  journal.events.push_back(action(30 * kMinute, "rootcause", {{"fault", "outage"}}));
  journal.events.push_back(action(31 * kMinute, "escalate", {{"team", "dba"}}));
  RunEvent refused = action(32 * kMinute, "escalate", {{"team", "web"}});
  refused.kind = std::string(event_kind::kActionRefused);
  journal.events.push_back(refused);
  journal.events.push_back(action(33 * kMinute, "rootcause", {{"fault", "memory_leak"}}));
  journal.events.push_back(action(34 * kMinute, "escalate", {{"team", "payments"}}));

  const ResponseLog log = read_response_log(journal, "payments");
  CHECK(log.owning_team == "payments");
  CHECK(log.root_cause_named == 33 * kMinute);
  REQUIRE(log.escalations.size() == 2);  // not the refused one
  CHECK(log.escalations[0] == std::pair<SimTime, std::string>{31 * kMinute, "dba"});
  CHECK(log.escalations[1] == std::pair<SimTime, std::string>{34 * kMinute, "payments"});

  const ScoreCard card = full_card();
  CHECK(moment(card, "triage", scored("root_cause", 10, 10), &log) == 33 * kMinute);
  // Without the journal the card alone cannot say.
  CHECK_FALSE(moment(card, "triage", scored("root_cause", 10, 10)));
}

TEST_CASE("needless_pages points at the first needless escalation", "[score_links]") {
  ResponseLog log;
  log.owning_team = "payments";
  log.escalations = {{31 * kMinute, "payments"}, {35 * kMinute, "dba"}};
  ScoreCard card = full_card();
  // Full points: nothing to point at.
  CHECK_FALSE(moment(card, "escalation", scored("needless_pages", 4, 4), &log));
  const ScoreItem lost = scored("needless_pages", 2, 4);
  CHECK(moment(card, "escalation", lost, &log) == 35 * kMinute);
  CHECK_FALSE(moment(card, "escalation", lost));
  // A SEV-3 pages nobody: escalating to the owning team was needless too.
  card.rubric.severity = 3;
  CHECK(moment(card, "escalation", lost, &log) == 31 * kMinute);
}

TEST_CASE("harmful_actions points at the first harmful mitigation named", "[score_links]") {
  const ScoreCard card = full_card();
  const ScoreItem harmful =
      scored("harmful_actions", 5, 10,
             "restart cart at +12m30s (cart is not the root cause); rollback ads at +20m (ads is "
             "not the root cause)");
  CHECK(moment(card, "mitigation", harmful) == kOnset + 12 * kMinute + 30 * kSecond);
  // Full points or a reason in another form: no moment.
  CHECK_FALSE(moment(card, "mitigation",
                     scored("harmful_actions", 10, 10,
                            "every mitigation was aimed at the root cause or harmless")));
  CHECK_FALSE(
      moment(card, "mitigation", scored("harmful_actions", 0, 10, "no mitigation was attempted")));
  CHECK_FALSE(moment(card, "mitigation", scored("harmful_actions", 0, 10, "x at +soon (y)")));
}

TEST_CASE("milestones lists the response in order", "[score_links]") {
  const ScoreCard card = full_card();
  const std::vector<Milestone> m = milestones(card.times);
  REQUIRE(m.size() == 13);
  CHECK(std::string(m.front().name) == "onset");
  CHECK(m.front().time == kOnset);
  CHECK(std::string(m[2].name) == "detected");
  CHECK(m[2].time == card.times.detected);
  CHECK(std::string(m.back().name) == "resolved");
  CHECK(m.back().time == card.times.resolved);
  // A milestone that did not happen stays empty.
  CHECK_FALSE(milestones(ResponseTimes{})[1].time);
}
