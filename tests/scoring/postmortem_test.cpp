// postmortem_markdown on a small hand-built run and card: every section of
// the template, filled from the journal and the ground truth, and the
// placeholders left for people.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "scoring/postmortem.h"

using namespace firedrill;

namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

RunEvent event(SimTime t, std::string kind, std::string service, Attributes attributes) {
  return RunEvent{t, std::move(kind), std::move(service), "", std::move(attributes)};
}

RunEvent action(SimTime t, const std::string& verb, const std::string& text, Attributes more = {},
                const std::string& service = "") {
  Attributes a = {{"actor", "alice"}, {"verb", verb}, {"text", text}};
  for (auto& kv : more) a.push_back(std::move(kv));
  return event(t, "action", service, std::move(a));
}

const std::string kPageTitle = "[FIRING:1] checkout (CrashLooping page)";

// A leak in checkout after a deploy; alice acknowledges late, names the
// wrong root cause, rolls back and resolves.
struct Drill {
  Scenario scenario;
  RunJournal journal;
  RunView view;
  ScoreCard card;
  std::vector<TimelineEntry> timeline;

  Drill() {
    scenario.name = "leak";
    scenario.title = "Checkout leaks memory";
    IncidentSpec truth;
    truth.severity = 2;
    truth.root_cause_service = "checkout";
    truth.root_cause_fault = "memory-leak";
    truth.team = "payments";
    truth.summary = "The v2 promotions cache never evicts.";
    FixSpec fix;
    fix.mitigation = "rollback";
    fix.service = "checkout";
    truth.fixes = {fix};
    scenario.incident = truth;

    journal.changes = {
        ChangeEntry{0, "checkout", "deploy", "v1", "in production since yesterday"},
        ChangeEntry{12 * kMinute, "catalog", "deploy", "v5", "badges"},
        ChangeEntry{20 * kMinute, "checkout", "deploy", "v2", "promotions cache"},
        ChangeEntry{56 * kMinute, "checkout", "rollback", "v1", "rolling deploy"},
    };
    journal.events = {
        event(0, "deploy", "checkout", {{"version", "v1"}}),
        event(12 * kMinute, "deploy", "catalog", {{"version", "v5"}}),
        event(20 * kMinute, "deploy", "checkout", {{"version", "v2"}}),
        event(20 * kMinute, "fault", "checkout",
              {{"fault", "memory_leak"}, {"bytes_per_request", "114688"}}),
        event(29 * kMinute, "alert_firing", "checkout",
              {{"alertname", "MemoryWillHitLimit"},
               {"labels", "{alertname=\"MemoryWillHitLimit\", service=\"checkout\"}"}}),
        event(40 * kMinute, "incident_triggered", "",
              {{"incident", "1"}, {"team", "payments"}, {"title", kPageTitle}}),
        event(40 * kMinute, "page", "",
              {{"incident", "1"}, {"team", "payments"}, {"person", "dave"}, {"level", "1"}}),
        event(52 * kMinute + 30 * kSecond, "incident_acknowledged", "",
              {{"incident", "1"}, {"team", "payments"}, {"person", "alice"}}),
        action(52 * kMinute + 30 * kSecond, "ack", "ack 1"),
        action(52 * kMinute + 30 * kSecond, "declare", "declare \"Checkout | failing\"",
               {{"title", "Checkout | failing"}}),
        action(52 * kMinute + 30 * kSecond, "severity", "severity SEV-3", {{"severity", "SEV-3"}}),
        action(53 * kMinute, "rootcause", "rootcause catalog bad-deploy", {{"fault", "bad-deploy"}},
               "catalog"),
        event(55 * kMinute, "mitigation", "checkout",
              {{"action", "rollback"}, {"from", "v2"}, {"to", "v1"}, {"takes", "1m"}}),
        action(55 * kMinute, "mitigate", "mitigate rollback checkout", {{"mitigation", "rollback"}},
               "checkout"),
        event(56 * kMinute, "rollback", "checkout", {{"from", "v2"}, {"to", "v1"}}),
        event(56 * kMinute, "mitigation_done", "checkout",
              {{"action", "rollback"}, {"from", "v2"}, {"to", "v1"}}),
        event(56 * kMinute, "fault_cleared", "checkout", {{"fault", "all"}}),
        event(56 * kMinute, "incident_fixed", "checkout", {{"fix", "rollback checkout"}}),
        action(70 * kMinute, "resolve", "resolve"),
    };
    view.scenario = &scenario;
    view.info.scenario_name = "leak";
    view.info.scenario_hash = "sha256:abc";
    view.info.seed = 7;
    view.info.start_of_day = 9 * kHour;
    view.end = 90 * kMinute;
    view.journal = &journal;

    card.scenario = "leak";
    card.title = "Checkout leaks memory";
    card.seed = 7;
    card.end = 90 * kMinute;
    card.start_of_day = 9 * kHour;
    card.has_incident = true;
    card.rubric.severity = 2;
    card.rubric.slo.service = "frontend";
    card.responders = {"alice"};
    card.total = 70;
    card.max = 100;
    card.sections = {
        {"detection",
         "Detection",
         14,
         20,
         {{"time_to_detect", "Time to detect", 12, 12, "picked up in time"},
          {"page_acknowledgement", "Pages acknowledged", 2, 8, "#1 (payments) after 12m30s"}}},
        {"triage",
         "Triage",
         5,
         20,
         {{"severity", "Severity", 5, 10, "SEV-3: one level off"},
          {"root_cause", "Root cause", 0, 10, "wrong"}}},
    };
    card.times.onset = 20 * kMinute;
    card.times.first_signal = 40 * kMinute;
    card.times.detected = 52 * kMinute + 30 * kSecond;
    card.times.first_ack = 52 * kMinute + 30 * kSecond;
    card.times.declared = 52 * kMinute + 30 * kSecond;
    card.times.first_mitigation = 55 * kMinute;
    card.times.mitigated = 56 * kMinute;
    card.times.resolved = 70 * kMinute;
    card.pages = {PageRecord{"1", "payments", kPageTitle, 40 * kMinute, 52 * kMinute + 30 * kSecond,
                             "alice", 80 * kMinute}};
    card.impact.service = "frontend";
    card.impact.excess_bad = 2000;
    card.impact.budget_burned = 0.003;
    card.impact.hurt_minutes = 27;
    card.impact.first_hurt = 29 * kMinute;
    card.impact.impact_end = 56 * kMinute;
    card.impact.has_baseline = true;
    card.impact.baseline_excess_bad = 20000;
    card.impact.baseline_budget_burned = 0.024;
    card.impact.baseline_breached = true;
    timeline = build_timeline(view, card);
  }

  std::string postmortem(const std::string& path = "runs/leak.fdrec") const {
    return postmortem_markdown({card, timeline, view, path});
  }
};

// The text of section `title` ("## Impact") up to the next "## ".
std::string section(const std::string& md, const std::string& title) {
  const auto start = md.find("\n## " + title + "\n");
  if (start == std::string::npos) return "";
  const auto end = md.find("\n## ", start + 1);
  return md.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

TEST_CASE("a postmortem has every section of the SRE template, in order", "[postmortem]") {
  const std::string md = Drill().postmortem();
  std::size_t at = 0;
  for (const char* heading :
       {"# Postmortem: ", "- **Date:** ", "- **Authors:** ", "- **Status:** ", "## Summary",
        "## Impact", "## Root Causes", "## Trigger", "## Resolution", "## Detection",
        "## Action Items", "## Lessons Learned", "### What went well", "### What went wrong",
        "### Where we got lucky", "## Timeline", "## Supporting information"}) {
    const auto found = md.find(heading, at);
    INFO(heading);
    REQUIRE(found != std::string::npos);
    at = found;
  }
}

TEST_CASE("a postmortem's header: the declared title, authors, a dated placeholder, status",
          "[postmortem]") {
  const std::string md = Drill().postmortem();
  CHECK_THAT(md, Catch::StartsWith("# Postmortem: Checkout \\| failing\n"));
  CHECK_THAT(md, Catch::Contains("- **Date:** _TODO: the date of the incident"));
  CHECK_THAT(md, Catch::Contains("- **Authors:** alice\n"));
  CHECK_THAT(
      md, Catch::Contains("- **Status:** Draft, generated by firedrill from `runs/leak.fdrec`\n"));
  CHECK_THAT(md, Catch::Contains("- **Severity:** SEV-3 (as declared)"));

  SECTION("without a declaration the title is the scenario's") {
    Drill d;
    d.journal.events.erase(d.journal.events.begin() + 9);  // the declare action
    CHECK_THAT(d.postmortem(), Catch::StartsWith("# Postmortem: Checkout leaks memory\n"));
  }
}

TEST_CASE("a postmortem's summary and impact come from the card", "[postmortem]") {
  const std::string md = Drill().postmortem();
  const std::string summary = section(md, "Summary");
  CHECK_THAT(summary, Catch::Contains("From 09:29 to 09:56 (27m), users of `frontend` were "
                                      "affected."));
  CHECK_THAT(summary, Catch::Contains("The root cause was `memory-leak` in `checkout`."));
  CHECK_THAT(summary, Catch::Contains("picked it up at 09:52, 32m30s after the onset"));
  CHECK_THAT(summary, Catch::Contains("They mitigated with `rollback checkout` at 09:55."));
  CHECK_THAT(summary, Catch::Contains("The incident was resolved at 10:10."));

  const std::string impact = section(md, "Impact");
  CHECK_THAT(impact, Catch::Contains("about 2,000 failed requests at `frontend`, over 27 "
                                     "minutes with users hurt"));
  CHECK_THAT(impact, Catch::Contains("0.3% of the 30-day error budget of `frontend` (SLO: 99.9% "
                                     "of requests good)"));
  CHECK_THAT(impact, Catch::Contains("Had nobody acted, about 20,000 requests would have failed "
                                     "beyond the normal rate (2.4% of the error budget, "
                                     "breaching the SLO)"));
  CHECK_THAT(impact, Catch::Contains("The response avoided about 18,000 failed requests (90%)."));
}

TEST_CASE("a postmortem's root causes, trigger and resolution", "[postmortem]") {
  const std::string md = Drill().postmortem();
  const std::string causes = section(md, "Root Causes");
  CHECK_THAT(causes, Catch::Contains("The v2 promotions cache never evicts."));
  CHECK_THAT(causes, Catch::Contains("- Ground truth: `memory-leak` in `checkout`, owned by "
                                     "payments."));
  CHECK_THAT(causes,
             Catch::Contains("- alice named `bad-deploy` in `catalog` at 09:53:00: wrong."));
  CHECK_THAT(causes, Catch::Contains("_TODO: why it happened"));

  CHECK_THAT(section(md, "Trigger"),
             Catch::Contains("`checkout` `v2` deployed at 09:20:00 (promotions cache), at the "
                             "onset of the incident."));

  const std::string resolution = section(md, "Resolution");
  CHECK_THAT(resolution, Catch::Contains("- 09:55:00 alice: `mitigate rollback checkout`, took "
                                         "full effect at 09:56:00."));
  CHECK_THAT(resolution, Catch::Contains("- The fix `rollback checkout` took effect at 09:56:00 "
                                         "and ended the faults on `checkout`."));
  CHECK_THAT(resolution, Catch::Contains("- Users were no longer hurt from 09:56:00."));
  CHECK_THAT(resolution, Catch::Contains("- The incident was resolved at 10:10:00 by alice."));

  SECTION("without a change before the onset the trigger is the fault") {
    Drill d;
    d.journal.changes.erase(d.journal.changes.begin() + 2);  // checkout v2
    CHECK_THAT(section(d.postmortem(), "Trigger"),
               Catch::Contains("No change to `checkout` preceded the incident: it started with a "
                               "fault, `memory_leak` on `checkout` at 09:20:00 "
                               "(bytes_per_request=114688)."));
  }
}

TEST_CASE("a postmortem's detection names the first alert, the pages and who acknowledged",
          "[postmortem]") {
  const std::string detection = section(Drill().postmortem(), "Detection");
  CHECK_THAT(detection, Catch::Contains("- First alert: `MemoryWillHitLimit` for `checkout` at "
                                        "09:29:00, 9m after the onset."));
  CHECK_THAT(detection, Catch::Contains("- Page to payments at 09:40:00 (\\[FIRING:1\\] checkout "
                                        "(CrashLooping page)): acknowledged by alice at 09:52:30, "
                                        "12m30s later."));
  CHECK_THAT(detection, Catch::Contains("- Time to detect: 32m30s"));
}

TEST_CASE("a postmortem's action items follow from what went wrong", "[postmortem]") {
  const std::string items = section(Drill().postmortem(), "Action Items");
  CHECK_THAT(items, Catch::Contains("| Action Item | Type | Owner | Status |"));
  CHECK_THAT(items, Catch::Contains("| Fix the root cause: `memory-leak` in `checkout` | prevent "
                                    "| payments | open |"));
  CHECK_THAT(items, Catch::Contains("| Catch a bad `checkout` release before it reaches every "
                                    "user"));
  CHECK_THAT(items, Catch::Contains("| Alert sooner on this failure: the first signal (page or "
                                    "alert) came 20m after the onset | mitigate | payments |"));
  CHECK_THAT(items, Catch::Contains("| Review paging and notification settings for payments: a "
                                    "page waited 12m30s for acknowledgement (target 5m) | process "
                                    "| payments | open |"));
  CHECK_THAT(items, Catch::Contains("| Review the severity definitions with the responders (this "
                                    "incident was SEV-2, declared SEV-3) |"));
  CHECK_THAT(items, Catch::Contains("| Complete the root-cause analysis of `checkout` |"));
  CHECK_THAT(items, Catch::Contains("| _TODO: more action items from the review_ | _TODO: type_ "
                                    "| _TODO: owner_ | _TODO: status_ |"));
  CHECK_THAT(items, !Catch::Contains("commander"));
}

TEST_CASE("a postmortem's lessons: the score's items, and luck only when the run shows it",
          "[postmortem]") {
  Drill d;
  std::string md = d.postmortem();
  CHECK_THAT(md, Catch::Contains("### What went well\n\n- Time to detect: picked up in time\n"));
  CHECK_THAT(md, Catch::Contains("### What went wrong\n\n- Pages acknowledged: #1 (payments) "
                                 "after 12m30s\n"));
  CHECK_THAT(md, Catch::Contains("### Where we got lucky\n\n_TODO: where we got lucky"));

  SECTION("an impact that ended with nobody mitigating, and faults that ended by themselves") {
    d.card.times.first_mitigation.reset();
    d.card.times.mitigated.reset();
    d.journal.events.resize(9);  // up to the acknowledgement
    d.journal.events.push_back(
        event(50 * kMinute, "fault_cleared", "checkout", {{"fault", "all"}}));
    md = d.postmortem();
    CHECK_THAT(md, Catch::Contains("- The impact ended on its own at 09:56:00: nobody mitigated "
                                   "it."));
    CHECK_THAT(md, Catch::Contains("- The faults on `checkout` ended at 09:50:00 without any "
                                   "action of the responders."));
    CHECK_THAT(section(md, "Resolution"),
               Catch::Contains("- The responders applied no mitigation."));
    CHECK_THAT(section(md, "Resolution"),
               Catch::Contains("- None of the scenario's fixes was applied."));
  }
}

TEST_CASE("a postmortem's timeline is in clock time and its commands name the recording",
          "[postmortem]") {
  const std::string md = Drill().postmortem("my runs/leak.fdrec");
  const std::string timeline = section(md, "Timeline");
  CHECK_THAT(timeline, Catch::Contains("| Clock | Kind | Who | What happened |"));
  CHECK_THAT(timeline, Catch::Contains("| 09:20:00 | *fault (truth)* |"));
  CHECK_THAT(timeline, Catch::Contains("| 09:55:00 | action | alice | alice: mitigate rollback "
                                       "checkout |"));
  const std::string support = section(md, "Supporting information");
  CHECK_THAT(support, Catch::Contains("- Recording: `my runs/leak.fdrec` (scenario `leak`, seed 7, "
                                      "`sha256:abc`)"));
  CHECK_THAT(support, Catch::Contains("firedrill debrief 'my runs/leak.fdrec'\n"));
  CHECK_THAT(support, Catch::Contains("firedrill score 'my runs/leak.fdrec'\n"));
}

TEST_CASE("a postmortem of a scenario without an incident leaves the analysis to people",
          "[postmortem]") {
  Drill d;
  d.scenario.incident.reset();
  d.card.has_incident = false;
  d.card.sections.clear();
  d.card.pages.clear();
  d.card.impact = ImpactFigures{};
  d.timeline = build_timeline(d.view, d.card);
  const std::string md = d.postmortem();
  CHECK_THAT(section(md, "Summary"), Catch::Contains("_TODO: what happened"));
  CHECK_THAT(section(md, "Impact"), Catch::Contains("_TODO: who was affected"));
  CHECK_THAT(md, Catch::Contains("### What went well\n\n_TODO: what went well_"));
  CHECK_THAT(section(md, "Action Items"), Catch::Contains("_TODO: more action items"));
  CHECK_THAT(section(md, "Action Items"), !Catch::Contains("Fix the root cause"));
}
