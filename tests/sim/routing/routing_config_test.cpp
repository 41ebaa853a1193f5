// Alertmanager configurations: the `routing:` scenario key (inline or a file
// of the scenario's folder) and plain alertmanager.yml files. Defaults and
// inheritance as Alertmanager 0.25's, every error at its file:line:column,
// and what is not simulated reported as warnings.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/routing/route_tree.h"
#include "sim/routing/routing_file.h"
#include "sim/routing/routing_reader.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/yaml_reader.h"
#include "support/scratch_dir.h"

using namespace firedrill;
using firedrill::testing::ScratchDir;

namespace {

const std::string kExample = std::string(FIREDRILL_TEST_DATA) + "/routing/alertmanager-example.yml";

// Seven lines: `routing:` goes on line 8.
constexpr const char* kScenarioHeader =
    "firedrill: 1\n"
    "name: routed\n"
    "title: With routing\n"
    "services:\n"
    "  web: {}\n"
    "traffic:\n"
    "  - {entry: web, rate: 1/s}\n";

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

RoutingSpec parse(const std::string& text, std::vector<Diagnostic>* warnings = nullptr) {
  std::vector<Diagnostic> ignored;
  return parse_routing_file(text, "am.yml", nullptr, warnings != nullptr ? *warnings : ignored);
}

// Every diagnostic of parsing `text` as am.yml, one per line ("" if it loads).
std::string errors(const std::string& text, const std::vector<TeamSpec>* teams = nullptr) {
  std::vector<Diagnostic> warnings;
  try {
    parse_routing_file(text, "am.yml", teams, warnings);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::vector<std::string> strings(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics) out.push_back(d.str());
  return out;
}

// A configuration with receiver r and `route_body` (indented two spaces) under route:.
std::string with_route(const std::string& route_body) {
  return "route:\n" + route_body + "receivers:\n  - name: r\n  - name: other\n";
}

std::vector<std::string> receivers_for(const RoutingSpec& spec, const Labels& labels) {
  std::vector<std::string> out;
  for (const RouteSpec* route : match_routes(spec.route, labels)) out.push_back(route->receiver);
  return out;
}

std::vector<TeamSpec> teams(std::initializer_list<const char*> names) {
  std::vector<TeamSpec> out;
  for (const char* n : names) out.push_back(TeamSpec{n, {}, {}, std::nullopt, {}});
  return out;
}

}  // namespace

TEST_CASE("an Alertmanager documentation-style configuration loads", "[routing]") {
  std::vector<Diagnostic> warnings;
  const RoutingSpec spec = load_routing_file(kExample, nullptr, warnings);
  const RouteSpec& root = spec.route;
  CHECK(root.path == "0");
  CHECK(root.receiver == "ops-mail");
  CHECK(root.matchers.empty());
  CHECK(root.group_by == std::vector<std::string>{"alertname", "cluster", "service"});
  CHECK(root.group_wait == 30 * kSecond);
  CHECK(root.group_interval == 5 * kMinute);
  CHECK(root.repeat_interval == 3 * kHour);
  CHECK(root.where.line == 23);
  REQUIRE(root.routes.size() == 4);

  const RouteSpec& critical = root.routes[0];
  CHECK(critical.path == "0/0");
  CHECK(format_matchers(critical.matchers) == "{severity=\"critical\"}");
  CHECK(critical.continue_matching);
  CHECK(critical.receiver == "ops-critical");

  const RouteSpec& shop = root.routes[1];
  CHECK(format_matchers(shop.matchers) == "{service=~\"checkout|cart|search\"}");
  REQUIRE(shop.routes.size() == 1);
  CHECK(shop.routes[0].path == "0/1/0");
  CHECK(shop.routes[0].receiver == "shop-pager");
  // Children inherit grouping and timing.
  CHECK(shop.routes[0].group_by == root.group_by);
  CHECK(shop.routes[0].repeat_interval == 3 * kHour);

  const RouteSpec& payments = root.routes[2];
  CHECK(format_matchers(payments.matchers) == "{service=\"payments\"}");
  REQUIRE(payments.routes.size() == 1);
  // match_re is anchored, as Alertmanager holds (and amtool prints) it.
  CHECK(format_matchers(payments.routes[0].matchers) == "{severity=~\"^(?:critical|page)$\"}");

  const RouteSpec& database = root.routes[3];
  CHECK(database.receiver == "dba-pager");
  CHECK(database.group_by == std::vector<std::string>{"alertname", "cluster", "database"});
  REQUIRE(database.routes.size() == 2);
  CHECK(database.routes[0].path == "0/3/0");
  CHECK(database.routes[0].continue_matching);
  CHECK(database.routes[1].group_by == database.group_by);

  REQUIRE(spec.receivers.size() == 7);
  const ReceiverSpec* ops = spec.find_receiver("ops-mail");
  REQUIRE(ops != nullptr);
  CHECK(ops->integrations == std::vector<std::string>{"email"});
  CHECK(ops->team.empty());
  CHECK_FALSE(ops->send_resolved);  // e-mail does not send resolved by default
  CHECK(spec.find_receiver("ops-critical")->send_resolved);  // it asks to
  CHECK(spec.find_receiver("shop-pager")->integrations ==
        std::vector<std::string>{"email", "pagerduty"});
  CHECK(spec.find_receiver("shop-pager")->send_resolved);  // PagerDuty does by default
  CHECK(spec.find_receiver("dba-pager")->where.line == 86);
  CHECK(spec.find_receiver("nobody") == nullptr);

  REQUIRE(spec.inhibit_rules.size() == 1);
  CHECK(format_matchers(spec.inhibit_rules[0].source) == "{severity=\"critical\"}");
  CHECK(format_matchers(spec.inhibit_rules[0].target) == "{severity=\"warning\"}");
  CHECK(spec.inhibit_rules[0].equal == std::vector<std::string>{"alertname", "cluster", "service"});
  CHECK(spec.silences.empty());

  // What is not simulated comes back as warnings at its key, in file order.
  const std::string f = kExample + ":";
  CHECK(strings(warnings) ==
        std::vector<std::string>{
            f + "8:1: warning: 'global': delivery settings are not simulated",
            f + "14:1: warning: 'templates': notification templates are not simulated; "
                "notifications use Alertmanager's default title",
            f + "17:1: warning: 'time_intervals': time intervals are not supported: routes that "
                "use them are never muted and always active",
            f + "37:7: warning: 'mute_time_intervals': time intervals are not supported: this "
                "route is never muted",
            f + "66:5: warning: receiver 'ops-mail': email delivery is not simulated; its "
                "notifications are recorded",
            f + "69:5: warning: receiver 'ops-critical': email delivery is not simulated; its "
                "notifications are recorded",
            f + "73:5: warning: receiver 'shop-mail': email delivery is not simulated; its "
                "notifications are recorded",
            f + "76:5: warning: receiver 'shop-pager': email delivery is not simulated; its "
                "notifications are recorded",
            f + "78:5: warning: receiver 'shop-pager': pagerduty delivery is not simulated; its "
                "notifications are recorded",
            f + "81:5: warning: receiver 'payments-mail': email delivery is not simulated; its "
                "notifications are recorded",
            f + "84:5: warning: receiver 'payments-pager': pagerduty delivery is not simulated; "
                "its notifications are recorded",
            f + "87:5: warning: receiver 'dba-pager': pagerduty delivery is not simulated; its "
                "notifications are recorded",
        });
  for (const Diagnostic& w : warnings) CHECK(w.warning);
}

TEST_CASE("alerts are routed depth first, stopping at the first match unless continue",
          "[routing]") {
  std::vector<Diagnostic> warnings;
  const RoutingSpec spec = load_routing_file(kExample, nullptr, warnings);
  using V = std::vector<std::string>;
  CHECK(receivers_for(spec, {}) == V{"ops-mail"});
  CHECK(receivers_for(spec, {{"service", "unknown"}}) == V{"ops-mail"});
  CHECK(receivers_for(spec, {{"service", "cart"}}) == V{"shop-mail"});
  CHECK(receivers_for(spec, {{"service", "cart"}, {"severity", "critical"}}) ==
        V{"ops-critical", "shop-pager"});
  // A match with continue is still a match: the root is not added.
  CHECK(receivers_for(spec, {{"service", "carts"}, {"severity", "critical"}}) == V{"ops-critical"});
  CHECK(receivers_for(spec, {{"service", "payments"}, {"severity", "page"}}) ==
        V{"payments-pager"});
  CHECK(receivers_for(spec, {{"service", "payments"}, {"severity", "pager"}}) ==
        V{"payments-mail"});
  CHECK(receivers_for(spec, {{"service", "database"}, {"owner", "shop"}}) == V{"shop-pager"});
  CHECK(receivers_for(spec, {{"service", "database"}, {"owner", "payments"}}) ==
        V{"payments-pager"});
  CHECK(receivers_for(spec, {{"service", "database"}}) == V{"dba-pager"});

  const std::vector<const RouteSpec*> routes =
      match_routes(spec.route, {{"service", "cart"}, {"severity", "critical"}});
  REQUIRE(routes.size() == 2);
  CHECK(routes[0]->path == "0/0");
  CHECK(routes[1]->path == "0/1/0");
  CHECK(find_route(spec.route, "0/1/0") == routes[1]);
  CHECK(find_route(spec.route, "0") == &spec.route);
  CHECK(find_route(spec.route, "0/3/1")->receiver == "payments-pager");
  CHECK(find_route(spec.route, "0/9") == nullptr);
  CHECK(find_route(spec.route, "0/1/") == nullptr);
}

TEST_CASE("routes take Alertmanager's defaults and inherit from their parent", "[routing]") {
  const RoutingSpec spec =
      parse(with_route("  receiver: r\n"
                       "  routes:\n"
                       "    - matchers: [a=1]\n"  // line 4
                       "      group_by: ['...']\n"
                       "      group_wait: 0s\n"
                       "      routes:\n"
                       "        - receiver: other\n"
                       "          group_by: []\n"
                       "        - group_by: [b, a]\n"
                       "          group_interval: 1m\n"
                       "          repeat_interval: 1d\n"
                       "    - receiver: ''\n"));
  const RouteSpec& root = spec.route;
  CHECK(root.group_by.empty());
  CHECK_FALSE(root.group_by_all);
  CHECK(root.group_wait == 30 * kSecond);
  CHECK(root.group_interval == 5 * kMinute);
  CHECK(root.repeat_interval == 4 * kHour);
  CHECK_FALSE(root.continue_matching);
  REQUIRE(root.routes.size() == 2);
  const RouteSpec& all = root.routes[0];
  CHECK(all.receiver == "r");
  CHECK(all.group_by_all);
  CHECK(all.group_wait == 0);
  CHECK(all.where.line == 4);
  CHECK(all.where.column == 7);
  REQUIRE(all.routes.size() == 2);
  // An empty group_by inherits, as in Alertmanager.
  CHECK(all.routes[0].receiver == "other");
  CHECK(all.routes[0].group_by_all);
  CHECK(all.routes[0].group_wait == 0);
  // A list replaces the parent's, sorted.
  CHECK(all.routes[1].receiver == "r");
  CHECK_FALSE(all.routes[1].group_by_all);
  CHECK(all.routes[1].group_by == std::vector<std::string>{"a", "b"});
  CHECK(all.routes[1].group_interval == kMinute);
  CHECK(all.routes[1].repeat_interval == 24 * kHour);
  CHECK(all.routes[1].path == "0/0/1");
  // An empty receiver inherits too.
  CHECK(root.routes[1].receiver == "r");
  CHECK(root.routes[1].matchers.empty());
}

TEST_CASE("a route's matchers combine match, match_re and matchers, sorted", "[routing]") {
  const RoutingSpec spec =
      parse(with_route("  receiver: r\n"
                       "  routes:\n"
                       "    - matchers: ['z=1', 'a=~\"2\"', '{a=\"1\", a!=\"1\"}']\n"
                       "      match: {m: x, c: 5}\n"
                       "      match_re: {q: 'x|y'}\n"));
  REQUIRE(spec.route.routes.size() == 1);
  // The order amtool prints them in.
  CHECK(format_matchers(spec.route.routes[0].matchers) ==
        "{a=\"1\",a!=\"1\",a=~\"2\",c=\"5\",m=\"x\",q=~\"^(?:x|y)$\",z=\"1\"}");
}

TEST_CASE("the routing configuration reports unknown keys with a suggestion", "[routing]") {
  CHECK(errors("route: {receiver: r}\nrecievers: [{name: r}]\n") ==
        "am.yml:2:1: error: unknown key 'recievers' in the routing configuration (did you mean "
        "'receivers'?)");
  CHECK(errors(with_route("  receiver: r\n  group_wiat: 1m\n")) ==
        "am.yml:3:3: error: unknown key 'group_wiat' in the root route (did you mean "
        "'group_wait'?)");
  CHECK(errors(with_route("  receiver: r\n  routes:\n    - {recevier: r}\n")) ==
        "am.yml:4:8: error: unknown key 'recevier' in route 0/0 (did you mean 'receiver'?)");
  CHECK(errors("route: {receiver: r}\nreceivers:\n  - name: r\n    emial_configs: []\n") ==
        "am.yml:4:5: error: unknown key 'emial_configs' in receiver 'r' (did you mean "
        "'email_configs'?)");
  CHECK(errors("route: {receiver: r}\nreceivers: [{name: r}]\ninhibit_rules:\n"
               "  - {source_matcher: [a=b]}\n") ==
        "am.yml:4:6: error: unknown key 'source_matcher' in inhibition rule 1 (did you mean "
        "'source_matchers'?)");
  CHECK(errors("receivers: [{name: r}]\n") ==
        "am.yml:1:1: error: missing required key 'route' in the routing configuration");
  CHECK(errors("route: {receiver: r}\n") ==
        "am.yml:1:1: error: missing required key 'receivers' in the routing configuration");
  CHECK(errors("- a\n") ==
        "am.yml:1:1: error: expected an Alertmanager configuration (a map with route and "
        "receivers), got a list");
  CHECK(errors("") ==
        "am.yml:1:1: error: the routing file is empty (expected an Alertmanager configuration "
        "with route and receivers)");
  CHECK(errors("route: {receiver: r\n").find("am.yml:2:1: error: invalid YAML: ") == 0);
}

TEST_CASE("the root route is checked as Alertmanager checks it", "[routing]") {
  CHECK(errors(with_route("  group_wait: 1m\n")) ==
        "am.yml:2:3: error: missing required key 'receiver' in the root route (the root route "
        "needs a default receiver)");
  CHECK(errors(with_route("  receiver: ''\n")) ==
        "am.yml:2:13: error: the root route's 'receiver' must not be empty");
  CHECK(errors(with_route("  receiver: r\n  matchers: [a=b]\n")) ==
        "am.yml:3:3: error: the root route must not have matchers ('matchers'): it receives every "
        "alert (put matchers on its child routes)");
  CHECK(errors(with_route("  receiver: r\n  match: {a: b}\n")) ==
        "am.yml:3:3: error: the root route must not have matchers ('match'): it receives every "
        "alert (put matchers on its child routes)");
  CHECK(errors(with_route("  receiver: r\n  matchers: []\n  continue: false\n")) == "");
  CHECK(errors(with_route("  receiver: r\n  continue: true\n")) ==
        "am.yml:3:3: error: the root route must not have 'continue: true' (it has no siblings)");
  CHECK(errors(with_route("  receiver: r\n  mute_time_intervals: [x]\n")) ==
        "am.yml:3:3: error: the root route must not have 'mute_time_intervals' (it receives "
        "every alert)");
  CHECK(errors(with_route("  receiver: r\n  active_time_intervals: [x]\n")) ==
        "am.yml:3:3: error: the root route must not have 'active_time_intervals' (it receives "
        "every alert)");
  CHECK(errors("route: [r]\nreceivers: [{name: r}]\n") ==
        "am.yml:1:8: error: expected a route (a map with keys like receiver, matchers and "
        "routes) for the root route, got a list");
}

TEST_CASE("receivers used by routes must be defined", "[routing]") {
  CHECK(errors(with_route("  receiver: rr\n")) ==
        "am.yml:2:13: error: undefined receiver 'rr' used in route (did you mean 'r'?)");
  CHECK(errors(with_route("  receiver: r\n  routes:\n    - receiver: othr\n")) ==
        "am.yml:4:17: error: undefined receiver 'othr' used in route (did you mean 'other'?)");
  CHECK(errors("route: {receiver: r}\nreceivers: []\n") ==
        "am.yml:1:19: error: undefined receiver 'r' used in route");
  CHECK(errors("route: {receiver: r}\nreceivers:\n  - name: r\n  - name: r\n") ==
        "am.yml:4:11: error: receiver 'r' is defined twice (first at line 3)");
  CHECK(errors("route: {receiver: r}\nreceivers:\n  - name: r\n  - webhook_configs: []\n") ==
        "am.yml:4:5: error: missing required key 'name' in receiver 2");
  CHECK(errors("route: {receiver: r}\nreceivers:\n  - name: r\n    email_configs: [x]\n") ==
        "am.yml:4:21: error: expected a map for each entry of 'email_configs' of receiver 'r', "
        "got 'x'");
}

TEST_CASE("group_by, durations and label names are checked", "[routing]") {
  CHECK(errors(with_route("  receiver: r\n  group_by: ['...', a]\n")) ==
        "am.yml:3:14: error: '...' in 'group_by' groups by every label: it must be the only "
        "element");
  CHECK(errors(with_route("  receiver: r\n  group_by: [a, b, a]\n")) ==
        "am.yml:3:20: error: duplicated label 'a' in 'group_by' (first given at line 3)");
  CHECK(errors(with_route("  receiver: r\n  group_by: [a-b]\n")) ==
        "am.yml:3:14: error: invalid label name 'a-b' in 'group_by' (expected letters, digits "
        "and '_', not starting with a digit)");
  CHECK(errors(with_route("  receiver: r\n  group_interval: 0s\n")) ==
        "am.yml:3:19: error: 'group_interval' must not be zero");
  CHECK(errors(with_route("  receiver: r\n  repeat_interval: 0\n")) ==
        "am.yml:3:20: error: 'repeat_interval' must not be zero");
  CHECK(errors(with_route("  receiver: r\n  group_wait: 1.5s\n")) ==
        "am.yml:3:15: error: 'group_wait' is not a valid Prometheus duration, got '1.5s' "
        "(expected e.g. 30s, 5m, 1h30m)");
  CHECK(errors(with_route("  receiver: r\n  routes:\n    - match: {a-b: c}\n")) ==
        "am.yml:4:15: error: invalid label name 'a-b' in 'match' (expected letters, digits and "
        "'_', not starting with a digit)");
  CHECK(errors(with_route("  receiver: r\n  routes:\n    - match_re: {a: '('}\n")) ==
        "am.yml:4:21: error: invalid regular expression '(' for label 'a' in 'match_re': "
        "missing closing ): `^(?:()$`");
  CHECK(errors("route: {receiver: r}\nreceivers: [{name: r}]\ninhibit_rules:\n"
               "  - equal: [a, b-c]\n") ==
        "am.yml:4:16: error: invalid label name 'b-c' in 'equal' (expected letters, digits and "
        "'_', not starting with a digit)");
}

TEST_CASE("matcher errors are placed at their column inside the string", "[routing]") {
  const std::string head = "route:\n  receiver: r\n  routes:\n";
  const std::string tail = "receivers: [{name: r}]\n";
  // Plain: the operator is missing after `sev` (column 18 + 3).
  CHECK(errors(head + "    - matchers: [sev]\n      receiver: r\n" + tail) ==
        "am.yml:4:21: error: invalid matcher in 'matchers': bad matcher format: 'sev' has no "
        "operator after label name 'sev' (expected =, !=, =~ or !~)");
  // Single-quoted, second matcher of the string: at its unescaped quote.
  CHECK(errors(head + "    - matchers: ['a=b, c=d\"e']\n" + tail) ==
        "am.yml:4:27: error: invalid matcher in 'matchers': matcher value contains unescaped "
        "double quote: d\"e (write \\\" inside a value)");
  // Double-quoted with escapes before the problem.
  CHECK(errors(head + "    - matchers:\n        - \"a=\\\"x\\\", b=~\\\"(\\\"\"\n" + tail) ==
        "am.yml:5:26: error: invalid matcher in 'matchers': invalid regular expression '(' for "
        "label 'b': missing closing ): `^(?:()$`");
  // Inhibition rules and silences read matchers the same way.
  CHECK(errors("route: {receiver: r}\nreceivers: [{name: r}]\ninhibit_rules:\n"
               "  - target_matchers: [x=y, 1x=y]\n") ==
        "am.yml:4:28: error: invalid matcher in 'target_matchers': bad matcher format: '1x=y' "
        "does not start with a label name (letters, digits, '_' and ':', not starting with a "
        "digit)");
  CHECK(errors(head + "    - matchers: [{a: b}]\n" + tail) ==
        "am.yml:4:18: error: expected a matcher string like severity=\"critical\" in "
        "'matchers', got a map");
}

TEST_CASE("time intervals are reported as not simulated, and their names checked", "[routing]") {
  std::vector<Diagnostic> warnings;
  parse(with_route("  receiver: r\n"
                   "  routes:\n"
                   "    - active_time_intervals: [office]\n"
                   "mute_time_intervals:\n"
                   "  - name: office\n"
                   "    time_intervals: [{weekdays: ['monday:friday']}]\n"),
        &warnings);
  CHECK(strings(warnings) ==
        std::vector<std::string>{
            "am.yml:4:7: warning: 'active_time_intervals': time intervals are not supported: "
            "this route is always active",
            "am.yml:5:1: warning: 'mute_time_intervals': time intervals are not supported: "
            "routes that use them are never muted and always active"});
  CHECK(errors(with_route("  receiver: r\n  routes:\n    - mute_time_intervals: [ofice]\n"
                          "time_intervals: [{name: office}]\n")) ==
        "am.yml:4:29: error: undefined time interval 'ofice' used in route (did you mean "
        "'office'?)");
}

TEST_CASE("receivers map to teams and send resolved notifications by their integrations",
          "[routing]") {
  const std::vector<TeamSpec> known = teams({"shop", "payments"});
  std::vector<Diagnostic> warnings;
  const RoutingSpec spec = parse_routing_file(
      "route: {receiver: shop}\n"
      "receivers:\n"
      "  - name: shop\n"            // a team's name: pages it
      "  - name: payments-pager\n"  // line 4
      "    team: payments\n"
      "    slack_configs: [{channel: '#p'}]\n"
      "  - name: pager\n"  // line 7: pages nobody
      "    opsgenie_configs: [{api_key: k}]\n"
      "  - name: chat\n"
      "    slack_configs: [{}, {send_resolved: true}]\n"
      "  - name: quiet\n"
      "    webhook_configs: [{url: 'http://x', send_resolved: false}]\n"
      "    wechat_configs: []\n",
      "am.yml", &known, warnings);
  REQUIRE(spec.receivers.size() == 5);
  CHECK(spec.receivers[0].team == "shop");
  CHECK(spec.receivers[0].integrations.empty());
  CHECK(spec.receivers[0].send_resolved);  // a team is paged, and told of the resolution
  CHECK(spec.receivers[1].team == "payments");
  CHECK(spec.receivers[1].integrations == std::vector<std::string>{"slack"});
  CHECK(spec.receivers[1].send_resolved);
  CHECK(spec.receivers[2].team.empty());
  CHECK(spec.receivers[2].send_resolved);  // Opsgenie's default
  CHECK(spec.receivers[3].send_resolved);  // one of its Slack configs asks to
  CHECK(spec.receivers[4].integrations == std::vector<std::string>{"webhook"});
  CHECK_FALSE(spec.receivers[4].send_resolved);
  CHECK(strings(warnings) ==
        std::vector<std::string>{
            "am.yml:6:5: warning: receiver 'payments-pager': slack delivery is not simulated; "
            "its notifications are recorded",
            "am.yml:7:11: warning: receiver 'pager' pages nobody: add 'team: NAME' to page a "
            "team's escalation policy",
            "am.yml:8:5: warning: receiver 'pager': opsgenie delivery is not simulated; its "
            "notifications are recorded",
            "am.yml:10:5: warning: receiver 'chat': slack delivery is not simulated; its "
            "notifications are recorded",
            "am.yml:12:5: warning: receiver 'quiet': webhook delivery is not simulated; its "
            "notifications are recorded"});

  CHECK(errors("route: {receiver: r}\nreceivers:\n  - {name: r, team: shpo}\n", &known) ==
        "am.yml:3:21: error: unknown team 'shpo' for receiver 'r' (did you mean 'shop'?)");
  const std::vector<TeamSpec> none;
  CHECK(errors("route: {receiver: r}\nreceivers:\n  - {name: r, team: shop}\n", &none) ==
        "am.yml:3:21: error: unknown team 'shop' for receiver 'r' (the scenario defines no "
        "teams)");
  // Outside a scenario, a team is taken as written and no team is inferred.
  const RoutingSpec plain = parse(
      "route: {receiver: shop}\nreceivers:\n"
      "  - {name: shop}\n  - {name: r, team: any}\n");
  CHECK(plain.receivers[0].team.empty());
  CHECK_FALSE(plain.receivers[0].send_resolved);
  CHECK(plain.receivers[1].team == "any");
}

TEST_CASE("silences hold matchers and a window since the start of the run", "[routing]") {
  const RoutingSpec spec = parse(
      "route: {receiver: r}\n"
      "receivers: [{name: r}]\n"
      "silences:\n"
      "  - matchers: ['alertname=\"WebDown\"', 'env=~\"prod|\"']\n"
      "    starts: 10m\n"
      "    ends: 1h\n"
      "    created_by: ann\n"
      "    comment: planned maintenance\n"
      "  - matchers: ['{service=\"db\", severity!=info}']\n"
      "    duration: 90s\n");
  REQUIRE(spec.silences.size() == 2);
  const SilenceSpec& s = spec.silences[0];
  CHECK(format_matchers(s.matchers) == "{alertname=\"WebDown\",env=~\"prod|\"}");
  CHECK(s.starts == 10 * kMinute);
  CHECK(s.ends == kHour);
  CHECK(s.created_by == "ann");
  CHECK(s.comment == "planned maintenance");
  CHECK(s.where.line == 4);
  CHECK(spec.silences[1].matchers.size() == 2);
  CHECK(spec.silences[1].starts == 0);
  CHECK(spec.silences[1].ends == 90 * kSecond);

  const std::string head = "route: {receiver: r}\nreceivers: [{name: r}]\nsilences:\n";
  CHECK(errors(head + "  - {ends: 1h}\n") ==
        "am.yml:4:5: error: missing required key 'matchers' in silence 1");
  CHECK(errors(head + "  - {matchers: ['a=\"\"', 'b=~\".*\"'], ends: 1h}\n") ==
        "am.yml:4:16: error: a silence needs at least one matcher that does not match the "
        "empty string, like alertname=\"WebDown\" (silence 1)");
  CHECK(errors(head + "  - {matchers: [a=b]}\n") ==
        "am.yml:4:5: error: missing key 'ends' or 'duration' in silence 1 (when the silence "
        "expires, since the start of the run)");
  CHECK(errors(head + "  - {matchers: [a=b], ends: 1h, duration: 1h}\n") ==
        "am.yml:4:33: error: give 'ends' or 'duration', not both (silence 1)");
  CHECK(errors(head + "  - {matchers: [a=b], starts: 1h, ends: 30m}\n") ==
        "am.yml:4:41: error: 'ends' (30m) must be after 'starts' (1h)");
  CHECK(errors(head + "  - {matchers: [a=b], duration: 0s}\n") ==
        "am.yml:4:33: error: 'duration' must be greater than 0");
  CHECK(errors(head + "  - {matchers: [a=b], ends: soon}\n").find("am.yml:4:29: error: ") == 0);
  CHECK(errors(head + "  - {matchers: [a=b], ends: 1h, by: me}\n") ==
        "am.yml:4:33: error: unknown key 'by' in silence 1");
}

TEST_CASE("routing inline in a scenario is read into scenario.routing", "[routing]") {
  const std::string yaml = std::string(kScenarioHeader) +
                           "teams:\n"
                           "  web-team: {}\n"
                           "routing:\n"  // line 10
                           "  global: {resolve_timeout: 5m}\n"
                           "  route:\n"
                           "    receiver: web-team\n"
                           "    group_by: [alertname]\n"
                           "  receivers:\n"
                           "    - name: web-team\n"
                           "      email_configs: [{to: a@example.com}]\n";
  const Scenario s = load_scenario_text(yaml, "dir/scenario.yaml");
  REQUIRE(s.routing);
  CHECK(s.routing->route.receiver == "web-team");
  CHECK(s.routing->route.group_by == std::vector<std::string>{"alertname"});
  CHECK(s.routing->route.where.line == 13);
  REQUIRE(s.routing->receivers.size() == 1);
  CHECK(s.routing->receivers[0].team == "web-team");
  CHECK(strings(s.warnings) ==
        std::vector<std::string>{
            "dir/scenario.yaml:11:3: warning: 'global': delivery settings are not simulated",
            "dir/scenario.yaml:17:7: warning: receiver 'web-team': email delivery is not "
            "simulated; its notifications are recorded"});
  CHECK(s.sources.size() == 1);

  // No routing: none.
  CHECK_FALSE(load_scenario_text(kScenarioHeader, "dir/scenario.yaml").routing);
}

TEST_CASE("routing errors inline in a scenario point into the scenario", "[routing]") {
  const std::string yaml = std::string(kScenarioHeader) +
                           "routing:\n"
                           "  route: {receiver: oncall}\n"
                           "  receivers:\n"
                           "    - {name: on-call, team: web}\n";
  try {
    load_scenario_text(yaml, "dir/scenario.yaml");
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(strings(e.diagnostics()) ==
          std::vector<std::string>{
              "dir/scenario.yaml:9:21: error: undefined receiver 'oncall' used in route (did you "
              "mean 'on-call'?)",
              "dir/scenario.yaml:11:29: error: unknown team 'web' for receiver 'on-call' (the "
              "scenario defines no teams)"});
  }
  // A matcher error inside a string is on the string's line.
  try {
    load_scenario_text(yaml.substr(0, yaml.find("routing:")) +
                           "routing:\n"
                           "  route:\n"
                           "    receiver: r\n"
                           "    routes: [{matchers: ['a=\"b']}]\n"
                           "  receivers: [{name: r}]\n",
                       "dir/scenario.yaml");
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(e.first().str().find("dir/scenario.yaml:11:") == 0);
    CHECK_THAT(e.first().message, Catch::Contains("unescaped double quote"));
  }
  try {
    load_scenario_text(std::string(kScenarioHeader) + "routing: [a]\n", "dir/scenario.yaml");
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(e.first().str() ==
          "dir/scenario.yaml:8:10: error: expected an Alertmanager configuration (a map with "
          "route and receivers) or a file name (e.g. alertmanager.yml) for 'routing', got a "
          "list");
  }
}

TEST_CASE("routing names a file of the scenario's folder, recorded with the scenario",
          "[routing]") {
  ScratchDir dir;
  const std::string config =
      "route:\n"
      "  receiver: shop\n"
      "  routes:\n"
      "    - matchers: [severity=\"page\"]\n"
      "      receiver: pager\n"
      "receivers:\n"
      "  - name: shop\n"
      "  - name: pager\n"
      "    team: shop\n"
      "    pagerduty_configs: [{routing_key: k}]\n"
      "templates: ['*.tmpl']\n";
  write(dir.file("scenario.yaml"),
        std::string(kScenarioHeader) + "teams:\n  shop: {}\nrouting: alertmanager.yml\n");
  write(dir.file("alertmanager.yml"), config);
  const Scenario s = load_scenario(dir.path().string());
  REQUIRE(s.routing);
  CHECK(s.routing->route.routes.size() == 1);
  CHECK(s.routing->receivers[0].team == "shop");
  CHECK(s.routing->receivers[1].team == "shop");
  REQUIRE(s.sources.size() == 2);
  CHECK(s.sources[1].path == "alertmanager.yml");
  CHECK(s.sources[1].content == config);
  // Warnings point into the file.
  const std::string file = (dir.path() / "alertmanager.yml").string();
  CHECK(strings(s.warnings) ==
        std::vector<std::string>{file + ":10:5: warning: receiver 'pager': pagerduty delivery is "
                                        "not simulated; its notifications are recorded",
                                 file + ":11:1: warning: 'templates': notification templates are "
                                        "not simulated; notifications use Alertmanager's default "
                                        "title"});

  // Errors too, at their column inside matcher strings.
  write(dir.file("alertmanager.yml"),
        "route:\n  receiver: shop\n  routes:\n    - matchers: ['severity=\"page']\n"
        "receivers: [{name: shop}]\n");
  try {
    load_scenario(dir.path().string());
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(e.first().str() == file +
                                 ":4:28: error: invalid matcher in 'matchers': matcher value "
                                 "contains unescaped double quote: \"page (no closing quote)");
  }
  write(dir.file("alertmanager.yml"), "route: {receiver: shop\n");
  try {
    load_scenario(dir.path().string());
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(e.first().str().find(file + ":2:1: error: invalid YAML: ") == 0);
  }
  // A missing file is reported at the scenario's key.
  write(dir.file("scenario.yaml"), std::string(kScenarioHeader) + "routing: am.yml\n");
  try {
    load_scenario(dir.path().string());
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(e.first().str().find("scenario.yaml:8:10: error: cannot read 'am.yml'") !=
          std::string::npos);
  }
}

TEST_CASE("is_routing_file tells Alertmanager configurations from scenarios", "[routing]") {
  ScratchDir dir;
  write(dir.file("am.yml"), "route: {receiver: r}\nreceivers: [{name: r}]\n");
  write(dir.file("scenario.yaml"), std::string(kScenarioHeader) + "routing: am.yml\n");
  write(dir.file("broken.yml"), "route: [\n");
  CHECK(is_routing_file(dir.file("am.yml")));
  CHECK_FALSE(is_routing_file(dir.file("scenario.yaml")));
  CHECK_FALSE(is_routing_file(dir.file("broken.yml")));
  CHECK_FALSE(is_routing_file(dir.file("missing.yml")));
  CHECK_FALSE(is_routing_file(dir.path().string()));
  CHECK(is_routing_file(kExample));
}

TEST_CASE("read_routing_config places matcher errors with the source text it is given",
          "[routing]") {
  const std::string text =
      "route:\n  receiver: r\n  routes: [{matchers: ['a=\"b']}]\n"
      "receivers: [{name: r}]\n";
  const YAML::Node node = YAML::Load(text);
  YamlReader with_text("am.yml");
  read_routing_config(with_text, node, text, nullptr);
  const std::vector<Diagnostic> placed = with_text.take_diagnostics();
  REQUIRE(placed.size() == 1);
  CHECK(placed[0].where.str() == "am.yml:3:27");
  YamlReader without_text("am.yml");
  read_routing_config(without_text, node, "", nullptr);
  CHECK(without_text.take_diagnostics()[0].where.str() == "am.yml:3:24");  // the string's start
}
