// debrief_markdown on hand-built score cards, and the Markdown helpers the
// reports share (scoring/markdown.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "scoring/debrief.h"
#include "scoring/markdown.h"

using namespace firedrill;

namespace {

ScoreCard sample_card() {
  ScoreCard card;
  card.scenario = "checkout-memory-leak";
  card.title = "Checkout runs out of memory after a deploy";
  card.seed = 7;
  card.end = 2 * kHour;
  card.start_of_day = 9 * kHour;
  card.has_incident = true;
  card.responders = {"alice", "bob"};
  card.total = 62;
  card.max = 100;
  card.sections = {
      {"detection",
       "Detection",
       15,
       20,
       {{"time_to_detect", "Time to detect", 12, 12, "picked up +21m30s after the onset"},
        {"page_acknowledgement", "Pages acknowledged", 3, 8, "#1 (payments) after 12m"}}},
      {"triage",
       "Triage",
       10,
       20,
       {{"severity", "Severity", 10, 10, "SEV-2 set: right"},
        {"root_cause", "Root cause", 0, 10, "named catalog bad-deploy: wrong"}}},
  };
  card.times.onset = 20 * kMinute;
  card.times.first_signal = 40 * kMinute + 30 * kSecond;
  card.times.detected = 41 * kMinute + 30 * kSecond;
  card.times.first_ack = 52 * kMinute + 30 * kSecond;
  card.times.declared = 41 * kMinute + 30 * kSecond;
  card.impact.service = "frontend";
  card.impact.excess_bad = 12345.4;
  return card;
}

ScoreCard reference_card() {
  ScoreCard ref = sample_card();
  ref.responders = {"responder"};
  ref.total = 99;
  ref.sections[0].points = 20;
  ref.sections[1].points = 20;
  ref.times.first_ack = 41 * kMinute + 30 * kSecond;
  ref.times.mitigated = 44 * kMinute + 30 * kSecond;
  ref.times.resolved = 70 * kMinute + 30 * kSecond;
  ref.impact.excess_bad = 1404;
  return ref;
}

const std::vector<TimelineEntry> kTimeline = {
    {20 * kMinute, "fault", "", "fault memory_leak on checkout", true},
    {41 * kMinute + 30 * kSecond, "ack", "alice", "alice acknowledged #1 (payments)", false},
};

}  // namespace

TEST_CASE("a debrief names the run and gives the score with a table per section", "[debrief]") {
  const ScoreCard card = sample_card();
  const std::string md = debrief_markdown({card, kTimeline, nullptr, "runs/leak.fdrec"});
  CHECK_THAT(md, Catch::StartsWith("# Debrief: Checkout runs out of memory after a deploy\n"));
  CHECK_THAT(md, Catch::Contains("Recording `runs/leak.fdrec` · scenario "
                                 "`checkout-memory-leak` · seed 7 · responded: alice, bob"));
  CHECK_THAT(md, Catch::Contains("## Score: 62/100"));
  CHECK_THAT(md, Catch::Contains("| Detection | 15/20 |"));
  CHECK_THAT(md, Catch::Contains("### Detection: 15/20"));
  CHECK_THAT(md, Catch::Contains("| Item | Points | Reason |"));
  CHECK_THAT(md, Catch::Contains("| Pages acknowledged | 3/8 | #1 (payments) after 12m |"));
  CHECK_THAT(md, Catch::Contains("### Triage: 10/20"));
}

TEST_CASE("a debrief lists what went well and what lost points, the most costly first",
          "[debrief]") {
  const ScoreCard card = sample_card();
  const std::string md = debrief_markdown({card, kTimeline, nullptr, "x.fdrec"});
  const auto well = md.find("## What went well");
  const auto badly = md.find("## What did not go well");
  REQUIRE(well != std::string::npos);
  REQUIRE(badly != std::string::npos);
  const std::string well_part = md.substr(well, badly - well);
  CHECK_THAT(well_part,
             Catch::Contains("- **Time to detect** (12/12): picked up +21m30s after the onset"));
  CHECK_THAT(well_part, Catch::Contains("- **Severity** (10/10): SEV-2 set: right"));
  CHECK_THAT(well_part, !Catch::Contains("Root cause"));
  const auto root = md.find("- **Root cause**: lost 10 points of 10: named catalog bad-deploy");
  const auto pages = md.find("- **Pages acknowledged**: lost 5 points of 8: #1 (payments)");
  CHECK(root != std::string::npos);
  CHECK(pages != std::string::npos);
  CHECK(root < pages);
}

TEST_CASE("a debrief compares milestones and sections with the reference responder", "[debrief]") {
  const ScoreCard card = sample_card();
  const ScoreCard ref = reference_card();
  const std::string md = debrief_markdown({card, kTimeline, &ref, "x.fdrec"});
  CHECK_THAT(md, Catch::Contains("## Compared with the reference responder"));
  CHECK_THAT(md, Catch::Contains("| Milestone | You | Reference |"));
  CHECK_THAT(md, Catch::Contains("| Detected | 21m30s | 21m30s |"));
  CHECK_THAT(md, Catch::Contains("| First page acknowledged | 32m30s | 21m30s |"));
  CHECK_THAT(md, Catch::Contains("| Mitigated | — | 24m30s |"));
  CHECK_THAT(md, Catch::Contains("| Resolved | — | 50m30s |"));
  CHECK_THAT(md, Catch::Contains("| Failed requests beyond normal (frontend) | 12,345 | 1,404 |"));
  CHECK_THAT(md, Catch::Contains("| **Score** | **62/100** | **99/100** |"));
  CHECK_THAT(md, Catch::Contains("| Triage | 10/20 | 20/20 |"));
  CHECK_THAT(md, Catch::Contains("reference responder (responder)"));
}

TEST_CASE("a debrief without a reference responder says so", "[debrief]") {
  const ScoreCard card = sample_card();
  const std::string md = debrief_markdown({card, kTimeline, nullptr, "x.fdrec"});
  CHECK_THAT(md, Catch::Contains("This scenario has no reference responder"));
  CHECK_THAT(md, !Catch::Contains("| Milestone |"));
}

TEST_CASE("a debrief's timeline has run time, clock time and ground truth marked", "[debrief]") {
  const ScoreCard card = sample_card();
  const std::string md = debrief_markdown({card, kTimeline, nullptr, "x.fdrec"});
  CHECK_THAT(md, Catch::Contains("## Timeline"));
  CHECK_THAT(md, Catch::Contains("Rows in *italics* are ground truth"));
  CHECK_THAT(md, Catch::Contains("| 00:20:00 | 09:20:00 | *fault (truth)* | | *fault "
                                 "memory_leak on checkout* |"));
  CHECK_THAT(md, Catch::Contains("| 00:41:30 | 09:41:30 | ack | alice | alice acknowledged #1 "
                                 "(payments) |"));
}

TEST_CASE("a debrief reveals the scenario's ground truth when given it", "[debrief]") {
  const ScoreCard card = sample_card();
  IncidentSpec truth;
  truth.root_cause_service = "checkout";
  truth.root_cause_fault = "memory-leak";
  truth.team = "payments";
  truth.summary = "The v2.14.0 promotions cache never evicts.";
  FixSpec fix;
  fix.mitigation = "rollback";
  fix.service = "checkout";
  truth.fixes = {fix};
  const std::string md = debrief_markdown({card, kTimeline, nullptr, "x.fdrec", &truth});
  CHECK_THAT(md, Catch::Contains("## What really happened\n\nThe v2.14.0 promotions cache never "
                                 "evicts.\n"));
  CHECK_THAT(md, Catch::Contains("- Root cause: `memory-leak` in `checkout`"));
  CHECK_THAT(md, Catch::Contains("- Onset: 09:20:00 (run time 00:20:00)"));
  CHECK_THAT(md, Catch::Contains("- Owning team: payments"));
  CHECK_THAT(md, Catch::Contains("- Fix: `mitigate rollback checkout`"));
}

TEST_CASE("a debrief of a scenario without an incident has no score", "[debrief]") {
  ScoreCard card;
  card.scenario = "minimal";
  card.title = "One service, constant traffic";
  card.seed = 1;
  card.start_of_day = 9 * kHour;
  card.unscored = "the scenario has no incident";
  const std::string md = debrief_markdown({card, kTimeline, nullptr, "m.fdrec"});
  CHECK_THAT(md, Catch::StartsWith("# Debrief: One service, constant traffic\n"));
  CHECK_THAT(md, Catch::Contains("responded: nobody acted"));
  CHECK_THAT(md, Catch::Contains("Nothing to score: the scenario has no incident."));
  CHECK_THAT(md, !Catch::Contains("## Score"));
  CHECK_THAT(md, !Catch::Contains("What went well"));
  CHECK_THAT(md, Catch::Contains("## Timeline"));
}

TEST_CASE("text from trainees cannot break the debrief's Markdown", "[debrief]") {
  ScoreCard card = sample_card();
  card.title = "Title with *stars* and a | pipe";
  card.sections[0].items[0].reason = "a <b>tag</b> and [a](link)";
  const std::string md = debrief_markdown({card, {}, nullptr, "x.fdrec"});
  CHECK_THAT(md, Catch::StartsWith("# Debrief: Title with \\*stars\\* and a \\| pipe\n"));
  CHECK_THAT(md, Catch::Contains("a \\<b\\>tag\\</b\\> and \\[a\\](link)"));
  CHECK_THAT(md, Catch::Contains("Nothing happened that the timeline shows."));
}

TEST_CASE("markdown::escape escapes what Markdown reads as formatting", "[markdown]") {
  using markdown::escape;
  CHECK(escape("plain text, 1.5% (ok)") == "plain text, 1.5% (ok)");
  CHECK(escape("a|b") == "a\\|b");
  CHECK(escape("*x* `y` [z] <w> \\") == "\\*x\\* \\`y\\` \\[z\\] \\<w\\> \\\\");
  CHECK(escape("memory_leak") == "memory_leak");
  CHECK(escape("_emphasis_ here") == "\\_emphasis\\_ here");
  CHECK(escape("two\nlines\ttab") == "two lines tab");
}

TEST_CASE("markdown::escape_lines keeps the line breaks of a block of text", "[markdown]") {
  CHECK(markdown::escape_lines("first *line*\nsecond\r\n\nnew paragraph\n\n") ==
        "first \\*line\\*\nsecond\n\nnew paragraph");
  CHECK(markdown::escape_lines("") == "");
}

TEST_CASE("markdown::code fences text containing backticks", "[markdown]") {
  CHECK(markdown::code("rollback checkout") == "`rollback checkout`");
  CHECK(markdown::code("a`b") == "``a`b``");
  CHECK(markdown::code("`x") == "`` `x ``");
  CHECK(markdown::code("") == "` `");
}

TEST_CASE("markdown::table writes header, delimiter and padded rows", "[markdown]") {
  using markdown::Align;
  CHECK(markdown::table({"A", "B"}, {Align::kLeft, Align::kRight}, {{"1", "2"}, {"3"}}) ==
        "| A | B |\n|---|---:|\n| 1 | 2 |\n| 3 | |\n");
}

TEST_CASE("markdown times, durations and numbers", "[markdown]") {
  using namespace markdown;
  CHECK(run_time(41 * kMinute + 30 * kSecond + 999 * kMillisecond) == "00:41:30");
  CHECK(run_time(26 * kHour + 5 * kSecond) == "26:00:05");
  CHECK(clock_time(9 * kHour, 41 * kMinute + 30 * kSecond) == "09:41:30");
  CHECK(clock_time(23 * kHour, 2 * kHour) == "01:00:00");
  CHECK(clock_minute(9 * kHour, 41 * kMinute + 30 * kSecond) == "09:41");
  CHECK(span(21 * kMinute + 30 * kSecond + 400 * kMillisecond) == "21m30s");
  CHECK(span(250 * kMillisecond) == "250ms");
  CHECK(span(0) == "0s");
  CHECK(span(-90 * kSecond) == "-1m30s");
  CHECK(count(1, "minute") == "1 minute");
  CHECK(count(3, "minute") == "3 minutes");
  CHECK(thousands(1234567) == "1,234,567");
  CHECK(thousands(999) == "999");
  CHECK(thousands(-1000) == "-1,000");
  CHECK(percent(0.0256) == "2.6%");
  CHECK(percent(0.5) == "50%");
  CHECK(percent(0.999) == "99.9%");
  CHECK(percent(0.00012) == "0.012%");
  CHECK(percent(0) == "0%");
  CHECK(percent(1.089) == "108.9%");
}
