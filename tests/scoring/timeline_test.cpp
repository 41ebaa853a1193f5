// build_timeline on small hand-built journals and cards: which events make
// lines, their words, who did them, what is ground truth, the collapsing of
// repeated alerts and OOM kills, and the order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "scoring/timeline.h"
#include "sim/metrics/metric_store.h"

using namespace firedrill;

namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

RunEvent event(SimTime t, std::string kind, std::string service, Attributes attributes,
               std::string instance = "") {
  return RunEvent{t, std::move(kind), std::move(service), std::move(instance),
                  std::move(attributes)};
}

RunEvent alert(SimTime t, const std::string& kind, const std::string& name,
               const std::string& service, const std::string& severity,
               const std::string& instance = "") {
  std::string labels = "{alertname=\"" + name + "\", ";
  if (!instance.empty()) labels += "instance=\"" + instance + "\", ";
  labels += "service=\"" + service + "\", severity=\"" + severity + "\"}";
  return event(t, kind, service,
               {{"alertname", name},
                {"group", "g"},
                {"from", "pending"},
                {"value", "1"},
                {"labels", labels}},
               instance);
}

RunEvent action(SimTime t, const std::string& actor, const std::string& verb,
                const std::string& text, Attributes more = {}, const std::string& service = "") {
  Attributes a = {{"actor", actor}, {"verb", verb}, {"text", text}};
  for (auto& kv : more) a.push_back(std::move(kv));
  return event(t, "action", service, std::move(a));
}

// A view of `journal` with no scenario or metrics: what the timeline needs.
RunView view_of_journal(const RunJournal& journal, SimTime end = 2 * kHour) {
  RunView view;
  view.end = end;
  view.journal = &journal;
  return view;
}

ScoreCard card_with_incident() {
  ScoreCard card;
  card.has_incident = true;
  card.start_of_day = 9 * kHour;
  card.impact.service = "frontend";
  card.rubric.slo.service = "frontend";
  return card;
}

std::vector<std::string> texts(const std::vector<TimelineEntry>& timeline) {
  std::vector<std::string> out;
  for (const TimelineEntry& e : timeline) out.push_back(e.text);
  return out;
}

}  // namespace

TEST_CASE("faults and declared fixes are ground truth, what trainees saw is not", "[timeline]") {
  RunJournal j;
  j.events = {
      event(20 * kMinute, "fault", "checkout",
            {{"fault", "memory_leak"}, {"bytes_per_second", "0"}, {"bytes_per_request", "114688"}}),
      event(45 * kMinute, "incident_fixed", "checkout", {{"fix", "rollback checkout"}}),
      event(45 * kMinute, "fault_cleared", "checkout", {{"fault", "all"}}),
      event(46 * kMinute, "spike_ended", "frontend", {{"entry", "frontend"}, {"traffic", "0"}}),
      event(50 * kMinute, "inject", "", {{"message", "Support: orders fail"}}),
  };
  const auto t = build_timeline(view_of_journal(j), card_with_incident());
  REQUIRE(t.size() == 5);
  CHECK(t[0].kind == "fault");
  CHECK(t[0].ground_truth);
  CHECK(t[0].text ==
        "fault memory_leak on checkout (bytes_per_second=0, bytes_per_request=114688)");
  CHECK(t[1].kind == "fixed");
  CHECK(t[1].ground_truth);
  CHECK(t[1].text == "the declared fix 'rollback checkout' took effect");
  CHECK(t[2].kind == "fault");
  CHECK(t[2].text == "faults on checkout end");
  CHECK(t[3].kind == "fault");
  CHECK(t[3].text == "traffic spike at frontend ends");
  CHECK(t[4].kind == "inject");
  CHECK(t[4].actor == "facilitator");
  CHECK_FALSE(t[4].ground_truth);
  CHECK(t[4].text == "Support: orders fail");
}

TEST_CASE("alerts of one name and state within a minute are one line naming every target",
          "[timeline]") {
  RunJournal j;
  j.events = {
      alert(9 * kMinute, "alert_pending", "HighErrorRatio", "checkout", "page"),
      alert(10 * kMinute, "alert_firing", "HighErrorRatio", "checkout", "page"),
      alert(10 * kMinute, "alert_firing", "HighErrorRatio", "frontend", "page"),
      alert(10 * kMinute + 30 * kSecond, "alert_firing", "HighErrorRatio", "checkout", "page"),
      alert(10 * kMinute, "alert_firing", "MemoryWillHitLimit", "checkout", "warning",
            "checkout-0"),
      alert(10 * kMinute, "alert_firing", "MemoryWillHitLimit", "checkout", "warning",
            "checkout-1"),
      alert(11 * kMinute, "alert_firing", "HighErrorRatio", "search", "page"),
      alert(12 * kMinute, "alert_cleared", "Other", "checkout", "page"),
      alert(20 * kMinute, "alert_resolved", "HighErrorRatio", "checkout", "page"),
  };
  const auto t = build_timeline(view_of_journal(j), card_with_incident());
  CHECK(texts(t) == std::vector<std::string>{
                        "HighErrorRatio firing for checkout, frontend (page)",
                        "MemoryWillHitLimit firing for checkout-0, checkout-1 (warning)",
                        "HighErrorRatio firing for search (page)",
                        "HighErrorRatio resolved for checkout (page)",
                    });
  for (const TimelineEntry& e : t) {
    CHECK(e.kind == "alert");
    CHECK(e.actor == "prometheus");
    CHECK_FALSE(e.ground_truth);
  }
  CHECK(t[0].time == 10 * kMinute);
}

TEST_CASE("an alert without a service label names its other labels", "[timeline]") {
  RunJournal j;
  j.events = {event(5 * kMinute, "alert_firing", "",
                    {{"alertname", "DependencyTimeouts"},
                     {"labels",
                      "{alertname=\"DependencyTimeouts\", from=\"catalog\", severity=\"ticket\", "
                      "to=\"pricing\"}"}})};
  const auto t = build_timeline(view_of_journal(j), card_with_incident());
  REQUIRE(t.size() == 1);
  CHECK(t[0].text == "DependencyTimeouts firing for from=catalog to=pricing (ticket)");
}

TEST_CASE("pages, escalations, acknowledgements and resolutions read as the pager saw them",
          "[timeline]") {
  RunJournal j;
  const std::string title = "[FIRING:1] checkout (CrashLooping page)";
  j.events = {
      event(40 * kMinute, "notification", "checkout", {{"receiver", "payments"}}),
      event(40 * kMinute, "incident_triggered", "",
            {{"incident", "1"}, {"team", "payments"}, {"title", title}, {"level", "1"}}),
      event(40 * kMinute, "page", "",
            {{"incident", "1"}, {"team", "payments"}, {"person", "dave"}, {"level", "1"}}),
      event(45 * kMinute, "escalated", "",
            {{"incident", "1"},
             {"team", "payments"},
             {"from_level", "1"},
             {"to_level", "2"},
             {"reason", "not acknowledged within 5m"}}),
      event(45 * kMinute, "page", "",
            {{"incident", "1"}, {"team", "payments"}, {"person", "frank"}, {"level", "2"}}),
      event(47 * kMinute + 30 * kSecond, "incident_acknowledged", "",
            {{"incident", "1"}, {"team", "payments"}, {"person", "alice"}}),
      action(47 * kMinute + 30 * kSecond, "alice", "ack", "ack 1",
             {{"incident", "1"}, {"team", "payments"}}),
      event(50 * kMinute, "incident_triggered", "",
            {{"incident", "2"},
             {"team", "web"},
             {"title", "[FIRING:1] frontend"},
             {"paged", "nobody"}}),
      event(80 * kMinute, "incident_resolved", "",
            {{"incident", "1"}, {"team", "payments"}, {"by", "alertmanager"}}),
  };
  const auto t = build_timeline(view_of_journal(j), card_with_incident());
  CHECK(texts(t) == std::vector<std::string>{
                        "paged dave (payments, level 1): " + title,
                        "#1 (payments) escalated to level 2: not acknowledged within 5m",
                        "paged frank (payments, level 2): " + title,
                        "alice acknowledged #1 (payments), 7m30s after the page",
                        "incident #2 for web paged nobody: [FIRING:1] frontend",
                        "#1 (payments) resolved by alertmanager",
                    });
  CHECK(t[0].kind == "page");
  CHECK(t[0].actor == "pager");
  CHECK(t[1].kind == "escalated");
  CHECK(t[3].kind == "ack");
  CHECK(t[3].actor == "alice");
  CHECK(t[5].kind == "resolved");
  CHECK(t[5].actor == "alertmanager");
}

TEST_CASE("actions show who typed what, refused ones with the reason", "[timeline]") {
  RunJournal j;
  j.events = {
      action(60 * kSecond, "alice", "resolve", "resolve"),
      event(60 * kSecond, "action_refused", "",
            {{"actor", "bob"},
             {"verb", "resolve"},
             {"text", "resolve"},
             {"reason", "resolve: no incident is declared yet"}}),
      action(2 * kMinute, "alice", "declare", "declare \"Checkout down\"",
             {{"title", "Checkout down"}}),
      event(3 * kMinute, "mitigation", "checkout",
            {{"action", "rollback"}, {"from", "v2"}, {"to", "v1"}, {"takes", "1m"}}),
      action(3 * kMinute, "alice", "mitigate", "mitigate rollback checkout",
             {{"mitigation", "rollback"}}, "checkout"),
      event(4 * kMinute, "mitigation_done", "checkout",
            {{"action", "rollback"}, {"from", "v2"}, {"to", "v1"}}),
      event(5 * kMinute, "mitigation", "db", {{"action", "restart"}, {"takes", "0s"}}),
      event(5 * kMinute, "mitigation_done", "db", {{"action", "restart"}}),
      event(6 * kMinute, "mitigation", "web",
            {{"action", "scale"}, {"replicas", "6"}, {"previous", "2"}, {"takes", "10s"}}),
  };
  const auto t = build_timeline(view_of_journal(j), card_with_incident());
  CHECK(texts(t) == std::vector<std::string>{
                        "alice resolved the declared incident",
                        "bob: resolve (refused: resolve: no incident is declared yet)",
                        "alice: declare \"Checkout down\"",
                        "rollback of checkout started (v2 → v1, takes 1m)",
                        "alice: mitigate rollback checkout",
                        "rollback of checkout took full effect",
                        "restart of db started (at once)",
                        "scale of web started (2 → 6 replicas, takes 10s)",
                    });
  CHECK(t[0].kind == "resolved");
  CHECK(t[0].actor == "alice");
  CHECK(t[1].kind == "action");
  CHECK(t[1].actor == "bob");
  CHECK(t[3].kind == "mitigation");
  CHECK(t[3].actor.empty());
}

TEST_CASE("deploys and rollbacks come from the change log, once each", "[timeline]") {
  RunJournal j;
  j.events = {
      event(0, "deploy", "checkout", {{"version", "v1"}}),
      event(20 * kMinute, "deploy", "checkout", {{"version", "v2"}}),
      event(45 * kMinute, "rollback", "checkout", {{"from", "v2"}, {"to", "v1"}}),
      event(50 * kMinute, "deploy", "ads", {{"version", "v9"}}),  // not in the change log
  };
  j.changes = {
      ChangeEntry{0, "checkout", "deploy", "v1", "in production since yesterday"},
      ChangeEntry{10 * kMinute, "db", "config", "", "raise max_connections"},
      ChangeEntry{20 * kMinute, "checkout", "deploy", "v2", "promotions cache"},
      ChangeEntry{45 * kMinute, "checkout", "rollback", "v1", "rolling deploy by the responders"},
  };
  const auto t = build_timeline(view_of_journal(j), card_with_incident());
  CHECK(texts(t) == std::vector<std::string>{
                        "checkout v1 deployed: in production since yesterday",
                        "db config: raise max_connections",
                        "checkout v2 deployed: promotions cache",
                        "checkout rolled back to v1 (from v2): rolling deploy by the responders",
                        "ads v9 deployed",
                    });
  CHECK(t[0].kind == "deploy");
  CHECK(t[1].kind == "change");
  CHECK(t[3].kind == "rollback");
}

TEST_CASE("OOM kills of a service within a minute are one line", "[timeline]") {
  RunJournal j;
  const Attributes a = {{"memory_bytes", "1073741824"}, {"limit_bytes", "1073741824"}};
  j.events = {
      event(29 * kMinute + 23 * kSecond, "oom_killed", "checkout", a, "checkout-0"),
      event(29 * kMinute + 23 * kSecond, "restart", "checkout", {{"reason", "oom_killed"}},
            "checkout-0"),
      event(29 * kMinute + 24 * kSecond, "oom_killed", "checkout", a, "checkout-1"),
      event(39 * kMinute, "oom_killed", "checkout", a, "checkout-1"),
  };
  const auto t = build_timeline(view_of_journal(j), card_with_incident());
  CHECK(texts(t) == std::vector<std::string>{
                        "checkout-0, checkout-1 OOM-killed (memory limit 1GiB)",
                        "checkout-1 OOM-killed (memory limit 1GiB)",
                    });
  CHECK(t[0].kind == "oom");
}

TEST_CASE("identical lines at the same time are one", "[timeline]") {
  RunJournal j;
  j.events = {
      event(45 * kMinute, "fault_cleared", "checkout", {{"fault", "all"}}),
      event(45 * kMinute, "incident_fixed", "checkout", {{"fix", "rollback checkout"}}),
      event(45 * kMinute, "fault_cleared", "checkout", {{"fault", "all"}}),
      event(46 * kMinute, "fault_cleared", "checkout", {{"fault", "all"}}),
  };
  const auto t = build_timeline(view_of_journal(j), card_with_incident());
  CHECK(texts(t) == std::vector<std::string>{"faults on checkout end",
                                             "the declared fix 'rollback checkout' took effect",
                                             "faults on checkout end"});
}

TEST_CASE("the card's impact lines come after the events of their time", "[timeline]") {
  RunJournal j;
  j.events = {
      event(10 * kMinute, "fault", "checkout", {{"fault", "errors"}, {"rate", "0.3"}}),
      alert(12 * kMinute, "alert_firing", "HighErrorRatio", "checkout", "page"),
      action(15 * kMinute, "alice", "status", "status \"rolling back\"", {{"update", "1"}}),
  };
  ScoreCard card = card_with_incident();
  card.impact.first_hurt = 12 * kMinute;
  card.impact.impact_end = 15 * kMinute;
  card.impact.hurt_minutes = 3;
  const auto t = build_timeline(view_of_journal(j), card);
  REQUIRE(t.size() == 5);
  CHECK(t[1].kind == "alert");
  CHECK(t[2].kind == "symptom");
  CHECK(t[2].ground_truth);
  CHECK(t[2].actor == "users");
  CHECK(t[2].text == "users start failing: frontend requests fail");
  CHECK(t[3].kind == "action");
  CHECK(t[4].kind == "impact_end");
  CHECK(t[4].ground_truth);
  CHECK(t[4].text == "users no longer hurt at frontend (3 minutes of impact)");

  SECTION("a card without an incident adds no impact lines") {
    card.has_incident = false;
    const auto plain = build_timeline(view_of_journal(j), card);
    CHECK(plain.size() == 3);
  }
  SECTION("the same run and card give the same timeline") {
    const auto again = build_timeline(view_of_journal(j), card);
    CHECK(texts(again) == texts(t));
  }
}

TEST_CASE("the symptom line gives the share of requests failing in its minute", "[timeline]") {
  MetricStore metrics;
  const SeriesId ok = metrics.intern("requests_total", {{"service", "web"}, {"code", "200"}});
  const SeriesId failed = metrics.intern("requests_total", {{"service", "web"}, {"code", "500"}});
  double ok_total = 0, failed_total = 0;
  for (int m = 0; m <= 10; ++m) {
    metrics.append(ok, m * kMinute, ok_total);
    metrics.append(failed, m * kMinute, failed_total);
    const bool hurt = m == 5 || m == 6;
    ok_total += hurt ? 900 : 1000;
    failed_total += hurt ? 100 : 0;
  }
  RunJournal j;
  RunView view = view_of_journal(j, 10 * kMinute);
  view.metrics = &metrics;
  ScoreCard card = card_with_incident();
  card.impact.service = "web";
  card.rubric.slo.service = "web";
  card.times.onset = 5 * kMinute;
  card.impact.first_hurt = 5 * kMinute;
  const auto t = build_timeline(view, card);
  REQUIRE(t.size() == 1);
  CHECK(t[0].text == "users start failing: 10% of web requests fail");

  SECTION("with a latency objective, slow answers count too") {
    card.rubric.slo.latency = 250 * kMillisecond;
    const auto slow = build_timeline(view, card);
    REQUIRE(slow.size() == 1);
    CHECK_THAT(slow[0].text, Catch::EndsWith("of web requests fail or take longer than 250ms"));
  }
}

TEST_CASE("timeline_table shows run time, clock, and ground truth in italics", "[timeline]") {
  const std::vector<TimelineEntry> t = {
      {20 * kMinute, "fault", "", "fault errors on checkout", true},
      {41 * kMinute + 30 * kSecond, "action", "alice", "alice: status \"a | b\"", false},
  };
  const std::string with_run_time = timeline_table(t, 9 * kHour, true);
  CHECK_THAT(with_run_time, Catch::Contains("| Run time | Clock | Kind | Who | What happened |"));
  CHECK_THAT(with_run_time,
             Catch::Contains("| 00:20:00 | 09:20:00 | *fault (truth)* | | *fault errors on "
                             "checkout* |"));
  CHECK_THAT(with_run_time, Catch::Contains("| 00:41:30 | 09:41:30 | action | alice | alice: "
                                            "status \"a \\| b\" |"));
  const std::string clock_only = timeline_table(t, 23 * kHour + 30 * kMinute, false);
  CHECK_THAT(clock_only, Catch::StartsWith("| Clock | Kind | Who | What happened |"));
  CHECK_THAT(clock_only, Catch::Contains("| 00:11:30 | action |"));
  CHECK(timeline_table({}, 0, true) == "Nothing happened that the timeline shows.\n");
}
