// The drill console's pure parts: sparklines, the console's command line
// (parsing and Tab completion), pacing arithmetic and clock text.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "cli/drill/commands.h"
#include "cli/drill/dashboard.h"
#include "cli/drill/pacing.h"
#include "cli/drill/style.h"
#include "cli/drill/views.h"

using namespace firedrill;
using namespace firedrill::cli::drill;

TEST_CASE("sparklines scale values from lo to hi, one character each", "[cli][drill]") {
  CHECK(sparkline({0, 0.5, 1}, 0, 1, true) == "▁▅█");
  CHECK(sparkline({0, 1, 2, 3, 4, 5, 6, 7}, 0, 7, true) == "▁▂▃▄▅▆▇█");
  CHECK(sparkline({0, 1, 2, 3, 4, 5, 6, 7}, 0, 7, false) == "_.,-=+*#");
  // Out of range is clamped; NaN (no data: a replica down) is a gap.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(sparkline({-5, nan, 50}, 0, 10, true) == "▁ █");
  // A flat line: zero at the bottom, anything else at the top.
  CHECK(sparkline({0, 0}, 0, 0, false) == "__");
  CHECK(sparkline({3, 3}, 3, 3, false) == "__");
  CHECK(sparkline({4, 4}, 0, 0, false) == "##");
  CHECK(sparkline({}, 0, 1, true).empty());
  CHECK(display_width(sparkline({0, 0.5, 1, nan}, 0, 1, true)) == 4);
}

TEST_CASE("panel values are compact", "[cli][drill]") {
  CHECK(format_rate(412.34) == "412/s");
  CHECK(format_rate(20.73) == "20.7/s");
  CHECK(format_rate(0) == "0/s");
  CHECK(format_ratio(0.0031) == "0.31%");
  CHECK(format_ratio(0) == "0%");
  CHECK(format_latency(0.4624) == "462ms");
  CHECK(format_latency(2.5) == "2.50s");
  CHECK(format_memory(870.0 * 1024 * 1024) == "870MiB");
  CHECK(format_memory(1024.0 * 1024 * 1024) == "1.00GiB");
  CHECK(format_memory(std::nan("")) == "-");
}

TEST_CASE("console commands parse, verbs are left to the action parser", "[cli][drill]") {
  CHECK(parse_console_line("").kind == CommandKind::kEmpty);
  CHECK(parse_console_line("   ").kind == CommandKind::kEmpty);
  CHECK(parse_console_line("alerts").kind == CommandKind::kAlerts);
  CHECK(parse_console_line("pages").kind == CommandKind::kPages);
  CHECK(parse_console_line("exit").kind == CommandKind::kQuit);
  CHECK(parse_console_line("Pages").kind == CommandKind::kPages);
  CHECK(parse_console_line("ACK 3").kind == CommandKind::kAction);
  CHECK(parse_console_line("ack 3").kind == CommandKind::kAction);
  CHECK(parse_console_line("mitigate rollback checkout").kind == CommandKind::kAction);
  CHECK(parse_console_line("status \"all good\"").kind == CommandKind::kAction);

  const ConsoleCommand dash = parse_console_line("dash checkout");
  CHECK(dash.kind == CommandKind::kDash);
  CHECK(dash.service == "checkout");

  const ConsoleCommand logs = parse_console_line("logs checkout --since 10m");
  CHECK(logs.kind == CommandKind::kLogs);
  CHECK(logs.service == "checkout");
  CHECK(logs.since == 10 * kMinute);
  CHECK(parse_console_line("logs").service.empty());
  CHECK(parse_console_line("logs").since == 5 * kMinute);
  CHECK(parse_console_line("logs --since=90s db").since == 90 * kSecond);

  CHECK(parse_console_line("speed 600").speed == 600);
  CHECK(parse_console_line("speed 0.5").speed == 0.5);
  CHECK(parse_console_line("wait 5m").duration == 5 * kMinute);
  CHECK(parse_console_line("wait until 09:41").until_clock == 9 * kHour + 41 * kMinute);
  CHECK(parse_time_of_day("23:59:30") == 23 * kHour + 59 * kMinute + 30 * kSecond);
  CHECK(parse_time_of_day("00:00") == 0);
  for (const char* bad : {"9:41", "24:00", "09:60", "09", "09:41:", "09:41:30:00", "ab:cd", ""}) {
    INFO(bad);
    CHECK_FALSE(parse_time_of_day(bad));
  }
  CHECK(parse_console_line("help mitigate").topic == "mitigate");
}

TEST_CASE("bad console lines say why, with a did-you-mean", "[cli][drill]") {
  CHECK_THROWS_WITH(parse_console_line("dahs checkout"),
                    Catch::Contains("unknown command 'dahs' (did you mean 'dash'?)"));
  CHECK_THROWS_WITH(parse_console_line("mitgate rollback x"),
                    Catch::Contains("(did you mean 'mitigate'?)"));
  CHECK_THROWS_WITH(parse_console_line("dash"), Catch::Contains("dash: which service?"));
  CHECK_THROWS_WITH(parse_console_line("dash a b"), Catch::Contains("usage: dash SERVICE"));
  CHECK_THROWS_WITH(parse_console_line("speed fast"), Catch::Contains("not a number"));
  CHECK_THROWS_WITH(parse_console_line("speed 0"), Catch::Contains("from 0.1 to 100000"));
  CHECK_THROWS_WITH(parse_console_line("wait soon"), Catch::Contains("wait:"));
  CHECK_THROWS_WITH(parse_console_line("wait until noon"),
                    Catch::Contains("'noon' is not a time of day"));
  CHECK_THROWS_WITH(parse_console_line("logs --since"), Catch::Contains("needs a duration"));
  CHECK_THROWS_WITH(parse_console_line("logs a b"), Catch::Contains("one service at a time"));
  CHECK_THROWS_WITH(parse_console_line("pause now"), Catch::Contains("pause takes no words"));
  CHECK_THROWS_AS(parse_console_line("declare \"open"), CommandError);
}

TEST_CASE("Tab completes commands, verbs and the run's names by position", "[cli][drill]") {
  CompletionContext ctx;
  ctx.services = {"cart", "catalog", "checkout", "frontend"};
  ctx.teams = {"payments", "web"};
  ctx.people = {"alice", "dave", "tester"};
  ctx.incidents = {"1", "3"};
  ctx.alerts = {"CrashLooping", "ServiceDown"};
  ctx.flags = {"recommendations"};
  using V = std::vector<std::string>;

  CHECK(completion_candidates(ctx, "da") == V{"dash"});
  CHECK(completion_candidates(ctx, "re") == V{"resolve", "resume"});
  CHECK(completion_candidates(ctx, "mitigate ro") == V{"rollback"});
  CHECK(completion_candidates(ctx, "mitigate rollback c") == V{"cart", "catalog", "checkout"});
  CHECK(completion_candidates(ctx, "mitigate rollback ch") == V{"checkout"});
  CHECK(completion_candidates(ctx, "mitigate scale 6 f") == V{"frontend"});
  CHECK(completion_candidates(ctx, "mitigate scale ").empty());  // a number comes first
  CHECK(completion_candidates(ctx, "mitigate flag r") == V{"recommendations"});
  CHECK(completion_candidates(ctx, "mitigate flag recommendations o") == V{"off", "on"});
  CHECK(completion_candidates(ctx, "dash ") == ctx.services);
  CHECK(completion_candidates(ctx, "logs fr") == V{"frontend"});
  CHECK(completion_candidates(ctx, "logs frontend --") == V{"--since"});
  CHECK(completion_candidates(ctx, "logs frontend --since 1") == V{"15m", "1h", "1m"});
  CHECK(completion_candidates(ctx, "ack ") == V{"1", "3"});
  CHECK(completion_candidates(ctx, "escalate p") == V{"payments"});
  CHECK(completion_candidates(ctx, "role co") == V{"commander", "comms"});
  CHECK(completion_candidates(ctx, "role ops d") == V{"dave"});
  CHECK(completion_candidates(ctx, "severity SEV-") == V{"SEV-1", "SEV-2", "SEV-3", "SEV-4"});
  CHECK(completion_candidates(ctx, "rootcause checkout mem") == V{"memory-leak"});
  CHECK(completion_candidates(ctx, "silence alertname=C") == V{"alertname=CrashLooping"});
  CHECK(completion_candidates(ctx, "help mit") == V{"mitigate"});
  // Nothing after the last word of a command, nothing inside quotes.
  CHECK(completion_candidates(ctx, "dash checkout ").empty());
  CHECK(completion_candidates(ctx, "declare \"check").empty());
  CHECK(completion_candidates(ctx, "declare 'check").empty());
  CHECK(completion_candidates(ctx, "silence 'alertname=\"C").empty());
  CHECK(completion_candidates(ctx, "status \"x\" ").empty());
}

TEST_CASE("the pace clock maps wall time to simulated time", "[cli][drill]") {
  // 600 simulated seconds per wall second, from sim 0 at wall 1000s.
  const WallTime wall0 = 1000 * 1'000'000LL;
  PaceClock pace(wall0, 0, 600);
  CHECK(pace.target(wall0) == 0);
  CHECK(pace.target(wall0 + 100'000) == 60 * kSecond);  // 100 ms -> 1 minute
  CHECK(pace.target(wall0 - 5) == 0);                   // never before the anchor

  // Paused at sim 1m (where the simulation is), for any length of time.
  pace.pause(wall0 + 100'000, 60 * kSecond);
  CHECK(pace.paused());
  CHECK(pace.target(wall0 + 10'000'000) == 60 * kSecond);
  // Resumed 10 s later: goes on from 1m, not from where it would have been.
  pace.resume(wall0 + 10'000'000);
  CHECK(pace.target(wall0 + 10'100'000) == 2 * kMinute);

  // Slower from here.
  pace.set_speed(wall0 + 10'100'000, 2 * kMinute, 1);
  CHECK(pace.target(wall0 + 11'100'000) == 2 * kMinute + kSecond);
  // The speed is clamped to what the console accepts.
  pace.set_speed(wall0, 0, 1e9);
  CHECK(pace.speed() == kMaxSpeed);

  // Re-anchoring when the simulation fell behind.
  pace.rebase(wall0 + 20'000'000, 5 * kMinute);
  CHECK(pace.target(wall0 + 20'000'000) == 5 * kMinute);
}

TEST_CASE("the scenario clock reads like a wall clock", "[cli][drill]") {
  CHECK(clock_text(0, 9 * kHour) == "09:00:00");
  CHECK(clock_text(40 * kMinute + 30 * kSecond + 999 * kMillisecond, 9 * kHour) == "09:40:30");
  CHECK(clock_text(16 * kHour, 9 * kHour) == "01:00:00");  // past midnight
  CHECK(short_duration(12 * kMinute + 10 * kSecond + 400 * kMillisecond) == "12m10s");
  CHECK(short_duration(kHour + 5 * kMinute + 40 * kSecond) == "1h6m");
  CHECK(short_duration(-kSecond) == "0s");
}

TEST_CASE("help lists console commands and every action's usage", "[cli][drill]") {
  std::string text;
  for (const Line& line : help_view("")) text += line.text + "\n";
  for (const char* word :
       {"alerts", "pages", "dash SERVICE", "logs [SERVICE] [--since 5m]", "changes", "incident",
        "pause", "resume", "speed N", "quit", "ack INCIDENT", "declare \"TITLE\"",
        "mitigate scale N SERVICE", "rootcause SERVICE FAULT", "resolve"}) {
    CHECK_THAT(text, Catch::Contains(word));
  }
  CHECK_THAT(help_view("dash").front().text,
             Catch::StartsWith("  dash SERVICE ") && Catch::Contains("dashboard"));
  CHECK_THAT(help_view("ack").front().text, Catch::StartsWith("  ack INCIDENT "));
  // mitigate's forms, one a line, its help on the last.
  const Lines mitigate = help_view("mitigate");
  REQUIRE(mitigate.size() >= 4);
  CHECK_THAT(mitigate[1].text, Catch::StartsWith("  mitigate scale N SERVICE"));
  CHECK(help_view("nope").front().tone == Tone::kBad);
}

TEST_CASE("styles colour only where asked, and measure text as a terminal shows it",
          "[cli][drill]") {
  Style plain;
  CHECK(plain.render(Line{Tone::kBad, "x"}) == "x\n");
  Style color;
  color.color = true;
  CHECK(color.render(Line{Tone::kBad, "x"}) == "\033[31mx\033[0m\n");
  CHECK(color.render(Line{Tone::kPlain, "x"}) == "x\n");
  CHECK(display_width("\033[1;31mPAGE\033[0m") == 4);
  CHECK(display_width("09:40 — ▁▂") == 10);
}
