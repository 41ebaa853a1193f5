// Alertmanager's timing, pinned case by case on a manual clock: group_wait
// batching, group_interval for an alert joining a group, repeat_interval,
// resolved notifications, inhibition, silences, continue, and receivers that
// do not send resolved notifications. Expected times follow Alertmanager
// 0.25's dispatcher (first flush at group_wait, then every group_interval)
// and its dedup stage (notify on new firing alerts, on all resolved, or
// when the last notification is older than repeat_interval, strictly).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/kernel/scheduler.h"
#include "sim/promql/value.h"
#include "sim/routing/dispatcher.h"

using namespace firedrill;

namespace {

LabelMatcher equal(std::string name, std::string value) {
  LabelMatcher m;
  m.name = std::move(name);
  m.op = LabelMatcher::Op::kEqual;
  m.value = std::move(value);
  return m;
}

ReceiverSpec receiver(std::string name, std::string team = "", bool send_resolved = true) {
  ReceiverSpec r;
  r.name = std::move(name);
  r.team = std::move(team);
  r.integrations = {"pagerduty"};
  r.send_resolved = send_resolved;
  return r;
}

// One route: group by service, group_wait 30s, group_interval 5m, repeat 1h.
RoutingSpec one_route() {
  RoutingSpec spec;
  spec.route.receiver = "pager";
  spec.route.group_by = {"service"};
  spec.route.group_wait = 30 * kSecond;
  spec.route.group_interval = 5 * kMinute;
  spec.route.repeat_interval = kHour;
  spec.route.path = "0";
  spec.receivers = {receiver("pager", "web")};
  return spec;
}

Labels alert(std::string name, std::string service, std::string severity = "page") {
  return {{"alertname", std::move(name)},
          {"service", std::move(service)},
          {"severity", std::move(severity)}};
}

struct Harness {
  explicit Harness(RoutingSpec s)
      : spec(std::move(s)),
        dispatcher(
            spec, clock, [this](RunEvent e) { events.push_back(std::move(e)); },
            [this](const Notification& n) {
              sent.push_back(n);
              sent_at.push_back(clock.now());
            }) {}

  void fire_at(SimTime t, const Labels& labels) {
    clock.run_until(t);
    dispatcher.alert_firing(labels, {});
  }
  void resolve_at(SimTime t, const Labels& labels) {
    clock.run_until(t);
    dispatcher.alert_resolved(labels);
  }
  std::vector<const RunEvent*> of_kind(std::string_view kind) const {
    std::vector<const RunEvent*> out;
    for (const RunEvent& e : events) {
      if (e.kind == kind) out.push_back(&e);
    }
    return out;
  }

  RoutingSpec spec;
  ManualScheduler clock;
  std::vector<RunEvent> events;
  std::vector<Notification> sent;
  std::vector<SimTime> sent_at;
  Dispatcher dispatcher;
};

std::string attribute(const RunEvent& e, std::string_view name) {
  for (const auto& [k, v] : e.attributes) {
    if (k == name) return v;
  }
  return "<missing>";
}

}  // namespace

TEST_CASE("group_wait batches two alerts of a group into one notification",
          "[routing][dispatcher]") {
  Harness h(one_route());
  h.fire_at(0, alert("HighErrorRatio", "checkout"));
  h.fire_at(10 * kSecond, alert("HighLatency", "checkout"));
  h.clock.run_until(29 * kSecond);
  CHECK(h.sent.empty());
  h.clock.run_until(30 * kSecond);
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent_at[0] == 30 * kSecond);
  CHECK(h.sent[0].alerts.size() == 2);
  CHECK(h.sent[0].firing == 2);
  CHECK(h.sent[0].title == "[FIRING:2] checkout (page)");
  CHECK(h.sent[0].reason == "new alert group, after group_wait 30s");
  const auto events = h.of_kind("notification");
  REQUIRE(events.size() == 1);
  CHECK(events[0]->time == 30 * kSecond);
  CHECK(events[0]->service == "checkout");
  CHECK(attribute(*events[0], "receiver") == "pager");
  CHECK(attribute(*events[0], "team") == "web");
  CHECK(attribute(*events[0], "status") == "firing");
  CHECK(attribute(*events[0], "alerts") ==
        "HighErrorRatio{service=\"checkout\", severity=\"page\"}, "
        "HighLatency{service=\"checkout\", severity=\"page\"}");
  // Another service is another group with its own group_wait.
  h.fire_at(40 * kSecond, alert("HighErrorRatio", "search"));
  h.clock.run_until(70 * kSecond);
  REQUIRE(h.sent.size() == 2);
  CHECK(h.sent_at[1] == 70 * kSecond);
  CHECK(h.sent[1].group_key == "0:{service=\"search\"}");
}

TEST_CASE("an alert joining a notified group waits for the next group_interval",
          "[routing][dispatcher]") {
  Harness h(one_route());
  h.fire_at(0, alert("HighErrorRatio", "checkout"));
  h.clock.run_until(30 * kSecond);
  REQUIRE(h.sent.size() == 1);
  h.fire_at(1 * kMinute, alert("HighLatency", "checkout"));
  // Flushes at 30s + k * 5m: the join is told at 5m30s, not at 1m30s.
  h.clock.run_until(5 * kMinute + 29 * kSecond);
  CHECK(h.sent.size() == 1);
  h.clock.run_until(5 * kMinute + 30 * kSecond);
  REQUIRE(h.sent.size() == 2);
  CHECK(h.sent_at[1] == 5 * kMinute + 30 * kSecond);
  CHECK(h.sent[1].firing == 2);
  CHECK(h.sent[1].reason == "new firing alerts, at the group_interval (5m)");
  // Nothing new: the flushes at 10m30s, 15m30s ... stay quiet.
  h.clock.run_until(30 * kMinute);
  CHECK(h.sent.size() == 2);
}

TEST_CASE("repeat_interval re-sends at the first flush strictly after it elapsed",
          "[routing][dispatcher]") {
  Harness h(one_route());
  h.fire_at(0, alert("HighErrorRatio", "checkout"));
  h.clock.run_until(3 * kHour);
  // Sent at 30s; 1h later is 1h0m30s, itself a flush, but Alertmanager
  // re-sends only when the last notification is *before* now - 1h: so at the
  // next flush, 1h5m30s, then 1h after that plus one interval again.
  REQUIRE(h.sent.size() == 3);
  CHECK(h.sent_at[0] == 30 * kSecond);
  CHECK(h.sent_at[1] == kHour + 5 * kMinute + 30 * kSecond);
  CHECK(h.sent_at[2] == 2 * kHour + 10 * kMinute + 30 * kSecond);
  CHECK(h.sent[1].reason == "still firing after repeat_interval 1h");
}

TEST_CASE("a group that clears sends a resolved notification and is removed",
          "[routing][dispatcher]") {
  Harness h(one_route());
  const Labels a = alert("HighErrorRatio", "checkout");
  h.fire_at(0, a);
  h.resolve_at(10 * kMinute, a);
  h.clock.run_until(10 * kMinute + 30 * kSecond);
  REQUIRE(h.sent.size() == 2);
  CHECK(h.sent_at[1] == 10 * kMinute + 30 * kSecond);
  CHECK(h.sent[1].resolved);
  CHECK(h.sent[1].title == "[RESOLVED] checkout (HighErrorRatio page)");
  CHECK(h.dispatcher.groups().empty());
  // The alert fires again: a new group, group_wait again.
  h.fire_at(20 * kMinute, a);
  h.clock.run_until(20 * kMinute + 30 * kSecond);
  REQUIRE(h.sent.size() == 3);
  CHECK(h.sent_at[2] == 20 * kMinute + 30 * kSecond);
  CHECK_FALSE(h.sent[2].resolved);
}

TEST_CASE("an alert that fires and resolves between two flushes is never notified",
          "[routing][dispatcher]") {
  Harness h(one_route());
  const Labels a = alert("HighErrorRatio", "checkout");
  h.fire_at(0, a);
  h.resolve_at(10 * kSecond, a);
  h.clock.run_until(kHour);
  CHECK(h.sent.empty());
  CHECK(h.dispatcher.groups().empty());
}

TEST_CASE("a receiver that does not send resolved notifications is not told",
          "[routing][dispatcher]") {
  RoutingSpec spec = one_route();
  spec.receivers = {receiver("mail", "", /*send_resolved=*/false)};
  spec.receivers[0].integrations = {"email"};
  spec.route.receiver = "mail";
  Harness h(std::move(spec));
  const Labels a = alert("HighErrorRatio", "checkout");
  h.fire_at(0, a);
  h.resolve_at(2 * kMinute, a);
  h.clock.run_until(kHour);
  REQUIRE(h.sent.size() == 1);
  CHECK_FALSE(h.sent[0].resolved);
}

TEST_CASE("an inhibition rule mutes a symptom alert while its cause fires",
          "[routing][dispatcher]") {
  RoutingSpec spec = one_route();
  InhibitRuleSpec rule;
  rule.source = {equal("alertname", "ServiceDown")};
  rule.target = {equal("severity", "ticket")};
  rule.equal = {"service"};
  spec.inhibit_rules = {rule};
  Harness h(std::move(spec));
  const Labels cause = alert("ServiceDown", "db");
  const Labels symptom = alert("DbLatencyHigh", "db", "ticket");
  const Labels elsewhere = alert("SearchLatencyHigh", "search", "ticket");
  h.fire_at(0, cause);
  h.fire_at(5 * kSecond, symptom);
  h.fire_at(5 * kSecond, elsewhere);
  h.clock.run_until(35 * kSecond);
  REQUIRE(h.sent.size() == 2);  // db and search groups
  CHECK(h.sent[0].group_key == "0:{service=\"db\"}");
  REQUIRE(h.sent[0].alerts.size() == 1);
  CHECK(promql::label_value(h.sent[0].alerts[0].labels, "alertname") == "ServiceDown");
  CHECK(h.sent[1].group_key == "0:{service=\"search\"}");  // other service: not inhibited
  const auto muted = h.of_kind("alert_muted");
  REQUIRE(muted.size() == 1);
  CHECK(attribute(*muted[0], "alertname") == "DbLatencyHigh");
  CHECK(attribute(*muted[0], "by") ==
        "inhibited by ServiceDown{alertname=\"ServiceDown\", service=\"db\", "
        "severity=\"page\"} (inhibit rule 1)");
  // The cause resolves at 7m: at the 10m30s flush the symptom is told, in
  // the same notification as the cause's resolution.
  h.resolve_at(7 * kMinute, cause);
  h.clock.run_until(10 * kMinute + 30 * kSecond);
  REQUIRE(h.sent.size() == 3);
  CHECK(h.sent_at[2] == 10 * kMinute + 30 * kSecond);
  CHECK(h.sent[2].firing == 1);
  CHECK(h.sent[2].reason == "new firing alerts, at the group_interval (5m)");
  CHECK(h.of_kind("alert_muted").size() == 1);  // once per cause
}

TEST_CASE("a silence mutes an alert until it ends", "[routing][dispatcher]") {
  RoutingSpec spec = one_route();
  SilenceSpec silence;
  silence.matchers = {equal("alertname", "HighErrorRatio")};
  silence.starts = 0;
  silence.ends = 10 * kMinute;
  silence.created_by = "alice";
  silence.comment = "planned maintenance";
  spec.silences = {silence};
  Harness h(std::move(spec));
  h.fire_at(1 * kMinute, alert("HighErrorRatio", "checkout"));
  h.clock.run_until(9 * kMinute);
  CHECK(h.sent.empty());
  const auto muted = h.of_kind("alert_muted");
  REQUIRE(muted.size() == 1);
  CHECK(muted[0]->time == 1 * kMinute + 30 * kSecond);
  CHECK(attribute(*muted[0], "by") == "silenced by silence 1 (by alice: planned maintenance)");
  // Flushes at 1m30s, 6m30s, 11m30s: the first after the silence notifies.
  h.clock.run_until(11 * kMinute + 30 * kSecond);
  REQUIRE(h.sent.size() == 1);
  CHECK(h.sent_at[0] == 11 * kMinute + 30 * kSecond);
  CHECK(h.sent[0].reason == "new alert group");
}

TEST_CASE("silencing a notified group sends nothing and keeps its incident open",
          "[routing][dispatcher]") {
  // Alertmanager's pipeline stops when the mute stages leave no alert: no
  // resolved notification, and the log keeps the last notification, so when
  // the silence ends nothing is re-sent before repeat_interval.
  Harness h(one_route());
  h.fire_at(0, alert("HighErrorRatio", "checkout"));
  h.clock.run_until(kMinute);
  REQUIRE(h.sent.size() == 1);
  SilenceSpec silence;
  silence.matchers = {equal("service", "checkout")};
  silence.starts = kMinute;
  silence.ends = kHour;
  CHECK(h.dispatcher.add_silence(silence) == 1);
  h.clock.run_until(6 * kMinute);
  CHECK(h.sent.size() == 1);
  REQUIRE(h.of_kind("alert_muted").size() == 1);
  CHECK(h.of_kind("alert_muted")[0]->time == 5 * kMinute + 30 * kSecond);
  // Expiring the silence early: still nothing new to say.
  h.clock.run_until(7 * kMinute);
  CHECK(h.dispatcher.expire_silence(1));
  CHECK_FALSE(h.dispatcher.expire_silence(2));
  h.clock.run_until(kHour);
  CHECK(h.sent.size() == 1);
  // The repeat: 1h after the 30s notification, at the flush after 1h0m30s.
  h.clock.run_until(kHour + 5 * kMinute + 30 * kSecond);
  REQUIRE(h.sent.size() == 2);
  CHECK(h.sent[1].reason == "still firing after repeat_interval 1h");
}

TEST_CASE("a group that forms again waits group_wait and says so", "[routing][dispatcher]") {
  Harness h(one_route());
  const Labels a = alert("HighErrorRatio", "checkout");
  h.fire_at(0, a);
  h.resolve_at(2 * kMinute, a);
  h.clock.run_until(10 * kMinute);
  REQUIRE(h.sent.size() == 2);  // firing, then resolved at 5m30s
  h.fire_at(20 * kMinute, a);
  h.clock.run_until(20 * kMinute + 30 * kSecond);
  REQUIRE(h.sent.size() == 3);
  CHECK(h.sent[2].reason == "new alert group, after group_wait 30s");
}

TEST_CASE("alerts of a null receiver are marked muted and never sent", "[routing][dispatcher]") {
  RoutingSpec spec = one_route();
  spec.receivers = {ReceiverSpec{}};
  spec.receivers[0].name = "tickets";
  spec.route.receiver = "tickets";
  InhibitRuleSpec rule;
  rule.source = {equal("alertname", "ServiceDown")};
  rule.target = {equal("alertname", "Symptom")};
  spec.inhibit_rules = {rule};
  Harness h(std::move(spec));
  h.fire_at(0, alert("ServiceDown", "db"));
  h.fire_at(0, alert("Symptom", "db"));
  h.clock.run_until(kHour);
  CHECK(h.sent.empty());
  CHECK(h.of_kind("notification").empty());
  CHECK(h.of_kind("alert_muted").size() == 1);
}

TEST_CASE("silences Alertmanager would refuse are refused", "[routing][dispatcher]") {
  Harness h(one_route());
  SilenceSpec none;
  none.ends = kHour;
  CHECK_THROWS_WITH(h.dispatcher.add_silence(none), "a silence needs at least one matcher");
  SilenceSpec everything = none;
  everything.matchers = {equal("team", "")};
  CHECK_THROWS_WITH(h.dispatcher.add_silence(everything),
                    "at least one matcher of a silence must not match the empty string "
                    "({team=\"\"} would silence every alert)");
  SilenceSpec backwards = none;
  backwards.matchers = {equal("service", "db")};
  backwards.starts = kHour;
  backwards.ends = kMinute;
  CHECK_THROWS_WITH(h.dispatcher.add_silence(backwards), "a silence must end after it starts");
  CHECK(h.dispatcher.silences().all().empty());
}

TEST_CASE("flushes still queued when the dispatcher is gone do nothing", "[routing][dispatcher]") {
  ManualScheduler clock;
  RoutingSpec spec = one_route();
  int delivered = 0;
  {
    Dispatcher d(
        spec, clock, [](RunEvent) {}, [&](const Notification&) { ++delivered; });
    d.alert_firing(alert("HighErrorRatio", "checkout"), {});
  }
  clock.run_until(kHour);
  CHECK(delivered == 0);
}

TEST_CASE("continue sends an alert down several routes, each its own group",
          "[routing][dispatcher]") {
  RoutingSpec spec = one_route();
  spec.receivers.push_back(receiver("chat"));
  spec.receivers.back().integrations = {"slack"};
  RouteSpec to_chat = spec.route;
  to_chat.receiver = "chat";
  to_chat.matchers = {equal("severity", "page")};
  to_chat.continue_matching = true;
  to_chat.group_wait = 10 * kSecond;
  to_chat.path = "0/0";
  RouteSpec to_pager = spec.route;
  to_pager.matchers = {equal("severity", "page")};
  to_pager.path = "0/1";
  spec.route.routes = {to_chat, to_pager};
  spec.route.receiver = "chat";
  Harness h(std::move(spec));
  h.fire_at(0, alert("HighErrorRatio", "checkout"));
  h.clock.run_until(kMinute);
  REQUIRE(h.sent.size() == 2);
  CHECK(h.sent[0].receiver->name == "chat");
  CHECK(h.sent_at[0] == 10 * kSecond);
  CHECK(h.sent[1].receiver->name == "pager");
  CHECK(h.sent_at[1] == 30 * kSecond);
  // A ticket alert matches neither child: the root takes it.
  h.fire_at(2 * kMinute, alert("DiskFilling", "db", "ticket"));
  h.clock.run_until(3 * kMinute);
  REQUIRE(h.sent.size() == 3);
  CHECK(h.sent[2].group_key == "0:{service=\"db\"}");
}

TEST_CASE("group_by ... makes a group of every alert", "[routing][dispatcher]") {
  RoutingSpec spec = one_route();
  spec.route.group_by.clear();
  spec.route.group_by_all = true;
  Harness h(std::move(spec));
  h.fire_at(0, alert("A", "checkout"));
  h.fire_at(0, alert("B", "checkout"));
  h.clock.run_until(kMinute);
  CHECK(h.sent.size() == 2);
}
