// Responder bots: Lua programs that play the trainees. A bot acts through
// the action vocabulary (its actions are applied at the end of the instant
// and recorded as `action` / `action_refused` events), sees only what a
// responder sees (no fault events), fails like a fault script
// ("responder.lua:LINE: ..."), is deterministic, and a run with a bot is
// reproduced byte for byte by replaying its action log without the bot.
#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "scripting/fault_script.h"
#include "scripting/responder_script.h"
#include "sim/paging/pager.h"
#include "sim/response/action_log.h"
#include "sim/run/run.h"
#include "sim/run/session.h"
#include "sim/scenario/loader.h"
#include "support/scratch_dir.h"

using namespace firedrill;
using firedrill::testing::ScratchDir;
using Lines = std::vector<std::string>;

namespace {

// db, watched by a rule that fires when no replica is up; Alertmanager
// notifies team data, whose primary (alice) is paged, then carol after 5m.
Scenario paging_scenario() {
  return load_scenario_text(R"(firedrill: 1
name: bot-paging
title: Bot paging
duration: 1h
alerts:
  groups:
    - name: availability
      rules:
        - alert: ServiceDown
          expr: sum by (service) (replicas_up) == 0
          labels: {severity: page}
          annotations: {summary: "{{ $labels.service }} is down"}
routing:
  route: {receiver: data, group_by: [service], group_wait: 30s}
  receivers: [{name: data}]
teams:
  data:
    members: [alice, carol]
    schedules:
      primary: {users: [alice]}
    escalation:
      levels:
        - {notify: [primary], escalate_after: 5m}
        - {notify: [carol], escalate_after: 5m}
services:
  frontend: {replicas: 2, calls: [{to: db, timeout: 200ms}]}
  db: {replicas: 1}
traffic:
  - {entry: frontend, rate: 5/s}
)",
                            "paging.yaml");
}

// The fault program of most tests: db goes down at 10m (the rule fires at
// the 10m evaluation, the page comes after group_wait, at 10m30s).
const char* const kDbOutage = R"(
at("10m", function() service("db"):outage{fraction = 1} end)
)";

std::string attribute(const RunEvent& e, std::string_view name) {
  for (const auto& [k, v] : e.attributes) {
    if (k == name) return v;
  }
  return "";
}

// A run with a fault program and a bot, driven by a RunSession as
// `firedrill run` drives it.
class BotRun {
 public:
  explicit BotRun(std::string bot, std::string faults = kDbOutage,
                  Scenario scenario = paging_scenario())
      : scenario_(std::move(scenario)) {
    bot_.path = "responder.lua";
    bot_.text = std::move(bot);
    faults_.path = "faults.lua";
    faults_.text = std::move(faults);
  }

  // Starts the session (fault script, then bot) and runs it to `until`.
  // Returns whether the run is still healthy.
  bool run(SimTime until, RunOptions options = {}) {
    options.setup = [this](RunSession& session) {
      ScriptOptions script_options;
      script_options.print = [this](std::string_view line) { printed_.emplace_back(line); };
      if (!faults_.text.empty()) {
        faults_script_ = std::make_unique<FaultScript>(session.sim(), scenario_, faults_,
                                                       session.seed(), script_options);
        faults_script_->start();
      }
      bot_script_ = std::make_unique<ResponderScript>(
          session.sim(), scenario_, bot_, session.seed(), "bot",
          [&session](Action a) { session.submit(std::move(a)); }, script_options);
      bot_script_->start();
    };
    session_ = std::make_unique<RunSession>(scenario_, options);
    session_->start();
    session_->advance_to(until);
    return !session_->failed();
  }

  RunSession& session() { return *session_; }
  const std::string& error() const { return session_->error(); }
  std::string error_line() const { return error().substr(0, error().find('\n')); }
  // The bot's print lines without their "[responder.lua 00:00:00.000] " prefix.
  Lines output() const {
    Lines out;
    for (const std::string& line : printed_) {
      if (line.rfind("[responder.lua ", 0) == 0) out.push_back(line.substr(line.find("] ") + 2));
    }
    return out;
  }
  // "HH:MM:SS kind text/reason" for the action events.
  Lines actions() const {
    Lines out;
    for (const RunEvent& e : session_->sim().journal().events) {
      if (e.kind != "action" && e.kind != "action_refused") continue;
      std::string line = format_clock(e.time).substr(0, 8) + " " + e.kind + " " +
                         attribute(e, "actor") + ": " + attribute(e, "text");
      if (e.kind == "action_refused") line += " (" + attribute(e, "reason") + ")";
      out.push_back(line);
    }
    return out;
  }

 private:
  Scenario scenario_;
  ScriptSource bot_;
  ScriptSource faults_;
  std::unique_ptr<FaultScript> faults_script_;
  std::unique_ptr<ResponderScript> bot_script_;
  std::unique_ptr<RunSession> session_;
  Lines printed_;
};

// A bot whose actions are only collected (nothing applies them): the texts
// its calls build.
struct CollectedActions {
  Scenario scenario = paging_scenario();
  Simulation sim{scenario, scenario.seed};
  ScriptSource source;
  std::vector<Action> actions;
  std::string error;

  explicit CollectedActions(std::string lua) {
    source.path = "responder.lua";
    source.text = std::move(lua);
    try {
      ResponderScript bot(sim, scenario, source, 7, "ann",
                          [this](Action a) { actions.push_back(std::move(a)); });
      bot.start();
    } catch (const ScriptError& e) {
      error = e.what();
    }
  }
  Lines texts() const {
    Lines out;
    for (const Action& a : actions) out.push_back(a.actor + ": " + a.text());
    return out;
  }
  std::string error_line() const { return error.substr(0, error.find('\n')); }
};

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("a bot that acks every page acknowledges the incident at the page's time",
          "[scripting][responder]") {
  BotRun run(R"(
on("page", function(ev)
  print("paged", ev.person, "for incident", ev.incident)
  ack(ev)
end)
on("action", function(ev) print(ev.actor, ev.verb, ev.text, ev.incident) end)
)");
  REQUIRE(run.run(30 * kMinute));
  const Pager* pager = run.session().sim().pager();
  REQUIRE(pager != nullptr);
  REQUIRE(pager->incidents().size() == 1);
  const Incident& incident = pager->incidents().front();
  CHECK(incident.state == IncidentState::kAcknowledged);
  CHECK(incident.acknowledged_by == "bot");
  // The page came at 10m30s (group_wait); the ack lands at the end of that instant.
  REQUIRE(incident.acknowledged_at.has_value());
  CHECK(*incident.acknowledged_at == 10 * kMinute + 30 * kSecond);
  CHECK(run.actions() == Lines{"00:10:30 action bot: ack 1"});
  CHECK(run.output() == Lines{"paged\talice\tfor incident\t1", "bot\tack\tack 1\t1"});
  // Acknowledged in time: nobody else was paged.
  int pages = 0;
  for (const RunEvent& e : run.session().sim().journal().events) pages += e.kind == "page";
  CHECK(pages == 1);
  const RunResult result = run.session().finish();
  CHECK(result.status == RunStatus::kComplete);
  REQUIRE(result.response_events.size() == 1);
  CHECK(attribute(result.response_events[0], "actor") == "bot");
  CHECK(attribute(result.response_events[0], "text") == "ack 1");
}

TEST_CASE("declare, severity, role, status and resolve are recorded in order",
          "[scripting][responder]") {
  BotRun run(R"(
at("1m", function()
  declare("Checkout is down")
  severity(2)
  role("commander", "bot")
  status("Investigating: \"db\" looks unhappy")
  after("2m", function() resolve() end)
end)
)",
             "");
  REQUIRE(run.run(5 * kMinute));
  CHECK(run.actions() ==
        Lines{"00:01:00 action bot: declare \"Checkout is down\"",
              "00:01:00 action bot: severity SEV-2", "00:01:00 action bot: role commander bot",
              "00:01:00 action bot: status \"Investigating: \\\"db\\\" looks unhappy\"",
              "00:03:00 action bot: resolve"});
  const DeclaredIncident& incident = run.session().desk().incident();
  CHECK(incident.declared);
  CHECK(incident.title == "Checkout is down");
  CHECK(incident.declared_by == "bot");
  CHECK(incident.severity == 2);
  CHECK(incident.roles.at("commander") == "bot");
  REQUIRE(incident.updates.size() == 1);
  CHECK(incident.updates[0].text == "Investigating: \"db\" looks unhappy");
  REQUIRE(incident.resolved_at.has_value());
  CHECK(*incident.resolved_at == 3 * kMinute);
}

TEST_CASE("refused actions are recorded as action_refused with the reason and reach the bot",
          "[scripting][responder]") {
  BotRun run(R"(
on("action_refused", function(ev) print("refused:", ev.verb, ev.reason) end)
at("1m", function()
  resolve()
  ack(9)
  escalate("dta")
end)
)",
             "");
  REQUIRE(run.run(2 * kMinute));
  CHECK(run.actions() ==
        Lines{"00:01:00 action_refused bot: resolve (resolve: no incident is declared yet "
              "(declare \"TITLE\" first))",
              "00:01:00 action_refused bot: ack 9 (ack: no incident #9)",
              "00:01:00 action_refused bot: escalate dta (escalate: unknown team 'dta' (did you "
              "mean 'data'?))"});
  CHECK(run.output() ==
        Lines{"refused:\tresolve\tresolve: no incident is declared yet (declare \"TITLE\" first)",
              "refused:\tack\tack: no incident #9",
              "refused:\tescalate\tescalate: unknown team 'dta' (did you mean 'data'?)"});
  CHECK_FALSE(run.session().desk().incident().declared);
}

TEST_CASE("each action function builds the vocabulary's text from its words",
          "[scripting][responder]") {
  CollectedActions bot(R"(
ack(3)
ack(2.0)
ack("#4")
ack({kind = "page", incident = "5"})
ack({id = 6})
declare("Checkout errors")
severity("sev-1")
severity(3)
role("Comms", "carol")
escalate("data")
investigate("db")
mitigate("rollback", "db")
mitigate("restart", "frontend")
mitigate("scale", 6, "db")
mitigate("scale", 4.0, "db")
mitigate("rate-limit", "200/s", "frontend")
mitigate("rate-limit", 12.5, "frontend")
mitigate("flag", "recommendations", "OFF", "frontend")
silence('alertname="ServiceDown"', "1h")
silence({service = "db", alertname = "Service\"Down"}, 90)
status("all good")
rootcause("db", "Outage")
resolve()
)");
  REQUIRE(bot.error.empty());
  CHECK(bot.texts() ==
        Lines{"ann: ack 3",
              "ann: ack 2",
              "ann: ack 4",
              "ann: ack 5",
              "ann: ack 6",
              "ann: declare \"Checkout errors\"",
              "ann: severity SEV-1",
              "ann: severity SEV-3",
              "ann: role comms carol",
              "ann: escalate data",
              "ann: investigate db",
              "ann: mitigate rollback db",
              "ann: mitigate restart frontend",
              "ann: mitigate scale 6 db",
              "ann: mitigate scale 4 db",
              "ann: mitigate rate-limit 200/s frontend",
              "ann: mitigate rate-limit 12.5/s frontend",
              "ann: mitigate flag recommendations off frontend",
              "ann: silence \"alertname=\\\"ServiceDown\\\"\" 1h",
              "ann: silence \"alertname=\\\"Service\\\\\\\"Down\\\",service=\\\"db\\\"\" "
              "1m30s",
              "ann: status \"all good\"",
              "ann: rootcause db outage",
              "ann: resolve"});
  // Each parses back to itself (what the action log relies on).
  for (const Action& a : bot.actions) CHECK(parse_action(a.text()).args == a.args);
}

TEST_CASE("a malformed action is a Lua error at the calling line", "[scripting][responder]") {
  SECTION("a bad severity") {
    CollectedActions bot("declare('x')\nseverity('SEV-9')\n");
    CHECK(bot.error_line() ==
          "responder.lua:2: severity: SEV-1, SEV-2, SEV-3 or SEV-4, got 'SEV-9' (usage: severity "
          "SEV-1..SEV-4)");
    CHECK(bot.actions.size() == 1);
  }
  SECTION("an unknown mitigation") {
    CollectedActions bot("\n\nmitigate('reboot', 'db')\n");
    CHECK_THAT(bot.error_line(),
               Catch::StartsWith("responder.lua:3: mitigate: unknown mitigation 'reboot'"));
  }
  SECTION("a mitigation with the wrong number of words") {
    CollectedActions bot("mitigate('scale', 'db')\n");
    CHECK_THAT(bot.error_line(),
               Catch::StartsWith("responder.lua:1: mitigate scale takes 2 words after it, got 1"));
  }
  SECTION("the wrong number of arguments") {
    CollectedActions bot("resolve('now')\n");
    CHECK(bot.error_line() == "responder.lua:1: resolve takes 0 arguments, got 1");
  }
  SECTION("a word that is not text") {
    CollectedActions bot("investigate({})\n");
    CHECK(bot.error_line() ==
          "responder.lua:1: investigate: the service must be a string or a number, got table");
  }
  SECTION("a word on two lines") {
    CollectedActions bot("status('line one\\nline two')\n");
    CHECK(bot.error_line() ==
          "responder.lua:1: status: the text must be one line of text, without newlines or "
          "control characters");
  }
  SECTION("an action too long") {
    CollectedActions bot("status(string.rep('x', 5000))\n");
    CHECK(bot.error_line() ==
          "responder.lua:1: status: the action is 5000 bytes long; at most 4096");
  }
  SECTION("ack of a table without an incident") {
    CollectedActions bot("ack({kind = 'deploy'})\n");
    CHECK_THAT(bot.error_line(),
               Catch::StartsWith("responder.lua:1: ack: this table has no 'incident' field"));
  }
}

TEST_CASE("a bot cannot subscribe to what a responder cannot see", "[scripting][responder]") {
  for (const char* kind :
       {"fault", "fault_cleared", "replica_down", "spike_ended", "incident_fixed"}) {
    CollectedActions bot(std::string("\non('") + kind + "', function(ev) end)\n");
    INFO(kind);
    CHECK_THAT(bot.error_line(),
               Catch::StartsWith(std::string("responder.lua:2: on: '") + kind +
                                 "' events are not visible to responders: a bot sees only what a "
                                 "real responder sees"));
    CHECK_THAT(bot.error_line(), Catch::Contains("(events: oom_killed, restart, replica_ready, "
                                                 "deploy, rollback, inject, alert_pending"));
  }
  CollectedActions typo("on('pag', function(ev) end)\n");
  CHECK_THAT(typo.error_line(),
             Catch::StartsWith("responder.lua:1: on: unknown event 'pag' (did you mean 'page'?)"));
  CollectedActions visible(R"(
for _, kind in ipairs{"page", "alert_firing", "incident_acknowledged", "deploy", "rollback",
                      "inject", "oom_killed", "restart", "replica_ready", "action",
                      "action_refused", "mitigation", "mitigation_done", "notification"} do
  on(kind, function(ev) end)
end
on("restart", "db", function(ev) end)
)");
  CHECK(visible.error.empty());
  // No fault API either: the bot cannot break things or read the faults.
  CollectedActions fault_api(R"(
assert(service == nil and deploy == nil and inject == nil and traffic == nil and log == nil)
assert(KiB == nil)
)");
  CHECK(fault_api.error.empty());
}

TEST_CASE("a bot's runtime error fails the run with responder.lua:LINE and a traceback",
          "[scripting][responder]") {
  BotRun run(R"(
local seen = 0
at("2m", function()
  seen = seen + 1
  investigate(nil)
end)
)",
             "");
  CHECK_FALSE(run.run(5 * kMinute));
  CHECK(run.error_line() ==
        "responder.lua:5: investigate: the service must be a string or a number, got nothing");
  CHECK_THAT(run.error(), Catch::Contains("in the callback registered by at(\"2m\") at "
                                          "responder.lua:3") &&
                              Catch::Contains("stack traceback:"));
  CHECK(run.session().sim().now() == 2 * kMinute);

  // run_scenario records the failure.
  ScratchDir dir;
  Scenario scenario = paging_scenario();
  ScriptSource bot{"responder.lua", "at('1m', function() error('giving up') end)\n", {}};
  std::unique_ptr<ResponderScript> script;
  RunOptions options;
  options.recording_path = dir.file("failed.fdrec");
  options.setup = [&](RunSession& session) {
    script =
        std::make_unique<ResponderScript>(session.sim(), scenario, bot, session.seed(), "bot",
                                          [&session](Action a) { session.submit(std::move(a)); });
    script->start();
  };
  const RunResult result = run_scenario(scenario, options);
  CHECK(result.status == RunStatus::kFailed);
  CHECK_THAT(result.error, Catch::StartsWith("responder.lua:1: giving up"));
  CHECK(result.end == kMinute);
  CHECK_THAT(script->failure(), Catch::StartsWith("responder.lua:1: giving up"));
}

TEST_CASE("queries return what a responder can see", "[scripting][responder]") {
  BotRun run(R"(
print(table.concat(services(), ","))
print(#alerts(), #incidents(), #changes())
at("3m", function()
  print("up", metric("db", "replicas_up"), metric("frontend", "requests_total", {code = "200"}) > 0)
end)
at("12m", function()
  for _, a in ipairs(alerts()) do
    print(a.name, a.state, a.labels.service, a.labels.severity, a.annotations.summary,
          a.active_since, a.firing_since, a.value)
  end
  for _, i in ipairs(incidents()) do
    print(i.id, i.team, i.state, i.title, i.level, i.triggered_at, i.acknowledged_by)
  end
  for _, c in ipairs(changes()) do
    print(c.time, c.service, c.kind, c.version, c.description)
  end
  for _, line in ipairs(logs("db", "5m")) do print(line.time, line.instance, line.level, line.message) end
  print(#logs("db", "1m"), #logs("db"))
  print("up", metric("db", "replicas_up"))
  ack(incidents()[1])
end)
on("incident_acknowledged", function(ev)
  local i = incidents()[1]
  print(i.state, i.acknowledged_by, ev.person)
end)
)",
             R"(
local db = service("db")
at("5m", function() deploy(db, "v2.1", "smaller connection pool") end)
at("8m", function() log(db, "error", "too many connections") end)
at("10m", function() db:outage{fraction = 1} end)
)");
  REQUIRE(run.run(15 * kMinute));
  CHECK(run.output() == Lines{"frontend,db", "0\t0\t0", "up\t1.0\ttrue",
                              "ServiceDown\tfiring\tdb\tpage\tdb is down\t600.0\t600.0\t0.0",
                              "1\tdata\ttriggered\t[FIRING:1] db (ServiceDown page)\t1\t630.0\tnil",
                              "300.0\tdb\tdeploy\tv2.1\tsmaller connection pool",
                              "480.0\tnil\terror\ttoo many connections", "0\t2", "up\t0.0",
                              "acknowledged\tbot\tbot"});
}

TEST_CASE("query arguments are checked like the fault API's", "[scripting][responder]") {
  CHECK(CollectedActions("logs(nil)\n").error_line() ==
        "responder.lua:1: logs: the service must be a service name, got nothing");
  CHECK(CollectedActions("\nmetric('dbb', 'replicas_up')\n").error_line() ==
        "responder.lua:2: unknown service 'dbb' (did you mean 'db'?)");
  CHECK_THAT(CollectedActions("metric('db', 'replicas_upp')\n").error_line(),
             Catch::StartsWith("responder.lua:1: metric: unknown metric 'replicas_upp' (did you "
                               "mean 'replicas_up'?)"));
  CHECK(CollectedActions("logs('db', 'soon')\n").error_line().rfind("responder.lua:1: logs: ", 0) ==
        0);
  CHECK(CollectedActions("on('page', 42, function() end)\n").error_line() ==
        "responder.lua:1: on: the target must be a service name, got number");
}

TEST_CASE("a bot is deterministic: the same seed gives the same journal",
          "[scripting][responder][determinism]") {
  const std::string bot = R"(
on("page", function(ev)
  -- A human-like delay, from the run's seed.
  after(random(10, 120), function() ack(ev) end)
end)
on("alert_firing", function(ev)
  if random() < 0.5 then declare("db down: " .. ev.alertname) else status("looking") end
end)
local t = {}
for _, name in ipairs(services()) do t[name] = random(100) end
for name, n in pairs(t) do print(name, n) end
)";
  const auto journal = [&](std::uint64_t seed) {
    BotRun run(bot);
    RunOptions options;
    options.seed = seed;
    REQUIRE(run.run(40 * kMinute, options));
    std::vector<std::string> out = run.output();
    for (const RunEvent& e : run.session().sim().journal().events) {
      std::string line = std::to_string(e.time) + " " + e.kind + " " + e.service + " " + e.instance;
      for (const auto& [k, v] : e.attributes) line += " " + k + "=" + v;
      out.push_back(line);
    }
    for (const LogLine& l : run.session().sim().journal().logs) {
      out.push_back(std::to_string(l.time) + " " + l.service + " " + l.message);
    }
    return out;
  };
  const Lines a = journal(7);
  const Lines b = journal(7);
  CHECK(a == b);
  CHECK(a != journal(8));
  int actions = 0;
  for (const std::string& line : a) actions += line.find(" actor=bot ") != std::string::npos;
  CHECK(actions == 2);
}

TEST_CASE("replaying a bot's action log without the bot reproduces the recording byte for byte",
          "[scripting][responder][determinism]") {
  ScratchDir dir;
  const Scenario scenario = paging_scenario();
  const ScriptSource faults{"faults.lua", kDbOutage, {}};
  const ScriptSource bot{"responder.lua",
                         R"(
on("page", function(ev)
  after("45s", function() ack(ev) end)
end)
on("alert_firing", function(ev)
  declare(ev.alertname .. " on " .. ev.service)
  severity(2)
end)
on("action", function(ev)
  if ev.verb == "ack" then
    investigate("db")
    status("db is down; looking")
    silence({alertname = "ServiceDown"}, "10m")
    mitigate("scale", 2, "db")
  end
end)
at("30m", function() resolve() end)
every("7m", function() if #alerts() == 0 then status("all quiet") end end)
)",
                         {}};

  std::unique_ptr<FaultScript> fault_script;
  std::unique_ptr<ResponderScript> bot_script;
  RunOptions with_bot;
  with_bot.recording_path = dir.file("bot.fdrec");
  with_bot.action_log_path = dir.file("bot.actions");
  with_bot.setup = [&](RunSession& session) {
    fault_script = std::make_unique<FaultScript>(session.sim(), scenario, faults, session.seed());
    fault_script->start();
    bot_script =
        std::make_unique<ResponderScript>(session.sim(), scenario, bot, session.seed(), "bot",
                                          [&session](Action a) { session.submit(std::move(a)); });
    bot_script->start();
  };
  const RunResult first = run_scenario(scenario, with_bot);
  REQUIRE(first.status == RunStatus::kComplete);

  const ActionLog log = read_action_log(dir.file("bot.actions"));
  CHECK(log.seed == scenario.seed);
  REQUIRE(log.actions.size() >= 6);
  CHECK(log.actions.front().actor == "bot");
  bool scaled = false;
  for (const Action& a : log.actions) scaled = scaled || a.text() == "mitigate scale 2 db";
  CHECK(scaled);

  RunOptions replay;
  replay.recording_path = dir.file("replay.fdrec");
  replay.actions = log.actions;
  replay.setup = [&](RunSession& session) {
    fault_script = std::make_unique<FaultScript>(session.sim(), scenario, faults, session.seed());
    fault_script->start();
  };
  const RunResult second = run_scenario(scenario, replay);
  REQUIRE(second.status == RunStatus::kComplete);

  CHECK(first.response_events.size() == second.response_events.size());
  Lines kinds;
  for (const RunEvent& e : second.response_events) {
    if (kinds.empty() || kinds.back() != e.kind) kinds.push_back(e.kind);
  }
  CHECK_THAT(kinds, Catch::VectorContains(std::string("mitigation")));
  const std::string a = file_bytes(dir.file("bot.fdrec"));
  const std::string b = file_bytes(dir.file("replay.fdrec"));
  REQUIRE(!a.empty());
  CHECK(a.size() == b.size());
  CHECK((a == b));
}

TEST_CASE("check_responder_script reports a bot's top-level errors at its file and line",
          "[scripting][responder]") {
  ScratchDir dir;
  {
    std::ofstream(dir.file("scenario.yaml")) << R"(firedrill: 1
name: checked
title: Checked
responder: bot.lua
services:
  db: {replicas: 1}
traffic:
  - {entry: db, rate: 1/s}
)";
    std::ofstream(dir.file("bot.lua")) << "local x = 1\non('fault', function() end)\n";
  }
  Scenario scenario = load_scenario(dir.path().string());
  REQUIRE(scenario.responder.has_value());
  const std::vector<Diagnostic> problems = check_responder_script(scenario);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].where.file == dir.file("bot.lua"));
  CHECK(problems[0].where.line == 2);
  CHECK_THAT(problems[0].message, Catch::StartsWith("on: 'fault' events are not visible"));

  std::ofstream(dir.file("bot.lua")) << "on('page', function(ev) ack(ev) end)\ndeclare('x')\n";
  CHECK(check_responder_script(load_scenario(dir.path().string())).empty());
}
