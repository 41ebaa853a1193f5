// Alertmanager's configuration as firedrill holds it after loading: the route
// tree, receivers, inhibition rules, and the scenario's silences. The format
// is Alertmanager's own (docs/paging.md); the scenario key `routing:` holds
// it inline or names a file of the scenario's folder.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/base/input_error.h"
#include "sim/base/time.h"
#include "sim/routing/matcher.h"

namespace firedrill {

// One node of the route tree. Options not set on a route are inherited from
// its parent at load time, so every node holds its effective values.
struct RouteSpec {
  // `matchers:` plus the old `match:` / `match_re:` (whose regexes are held
  // anchored, ^(?:...)$, as Alertmanager holds them), in Alertmanager's
  // order (sort_matchers), as amtool prints them.
  LabelMatchers matchers;
  std::string receiver;               // effective (inherited if not set)
  std::vector<std::string> group_by;  // effective; sorted, unique
  bool group_by_all = false;          // group_by: ['...']: every label (group_by is then empty)
  SimTime group_wait = 30 * kSecond;
  SimTime group_interval = 5 * kMinute;
  SimTime repeat_interval = 4 * kHour;
  bool continue_matching = false;  // `continue:`
  std::vector<RouteSpec> routes;
  std::string path;  // where it is in the tree, for group keys: "0", "0/1", "0/1/0"
  SourceLocation where;
};

// What a receiver does with a notification. A receiver with a team pages
// that team's escalation policy (as a PagerDuty integration would); every
// receiver's notifications are recorded whatever its integrations.
struct ReceiverSpec {
  std::string name;
  // `team:` (a firedrill extension), else the team named like the receiver;
  // "" = notifications only, nobody paged.
  std::string team;
  std::vector<std::string> integrations;  // "pagerduty", "email", "slack", ... as configured
  // Whether resolved notifications go out: always for a receiver with a team;
  // else if any of its integration configs sends them (its `send_resolved`,
  // or Alertmanager's default for the kind: false for email, slack and
  // wechat, true for the others). False for a receiver with neither.
  bool send_resolved = true;
  SourceLocation where;
};

struct InhibitRuleSpec {
  LabelMatchers source;            // `source_matchers` (+ source_match, source_match_re)
  LabelMatchers target;            // `target_matchers` (+ target_match, target_match_re)
  std::vector<std::string> equal;  // labels that must have the same value in both
  SourceLocation where;
};

// A silence known in advance (the scenario's `silences:`); trainees add
// theirs while the drill runs.
struct SilenceSpec {
  LabelMatchers matchers;
  SimTime starts = 0;  // simulated time
  SimTime ends = 0;    // exclusive; `ends:`, or starts + `duration:`
  std::string created_by;
  std::string comment;
  SourceLocation where;
};

struct RoutingSpec {
  RouteSpec route;  // the root: no matchers, has a receiver
  std::vector<ReceiverSpec> receivers;
  std::vector<InhibitRuleSpec> inhibit_rules;
  std::vector<SilenceSpec> silences;
  SourceLocation where;

  const ReceiverSpec* find_receiver(std::string_view name) const;
};

}  // namespace firedrill
