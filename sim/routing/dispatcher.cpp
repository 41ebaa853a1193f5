#include "sim/routing/dispatcher.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "sim/model/event_kinds.h"
#include "sim/promql/parser.h"
#include "sim/promql/value.h"
#include "sim/routing/inhibitor.h"
#include "sim/routing/route_tree.h"

namespace firedrill {
namespace {

// The group_by values of an alert: every label for `...`.
Labels group_labels_of(const RouteSpec& route, const Labels& labels) {
  if (route.group_by_all) return labels;
  Labels out;
  for (const std::string& name : route.group_by) {
    const std::string_view value = promql::label_value(labels, name);
    if (!value.empty()) out.emplace_back(name, std::string(value));
  }
  return out;
}

bool is_subset(const std::set<Labels>& small, const std::set<Labels>& big) {
  return std::includes(big.begin(), big.end(), small.begin(), small.end());
}

// Labels with one value across all alerts.
Labels common_labels(const std::vector<RoutedAlert>& alerts) {
  if (alerts.empty()) return {};
  Labels common = alerts.front().labels;
  for (const RoutedAlert& a : alerts) {
    Labels kept;
    for (const auto& pair : common) {
      if (promql::label_value(a.labels, pair.first) == pair.second && (!pair.second.empty())) {
        kept.push_back(pair);
      }
    }
    common = std::move(kept);
  }
  return common;
}

std::string join_values(const Labels& labels) {
  std::string out;
  for (const auto& [name, value] : labels) {
    if (!out.empty()) out += ' ';
    out += value;
  }
  return out;
}

// Alertmanager's default `__subject` template:
// [FIRING:2] <group label values> (<other common label values>)
std::string default_title(const Notification& n) {
  std::string out = n.firing > 0 ? "[FIRING:" + std::to_string(n.firing) + "]" : "[RESOLVED]";
  const std::string group = join_values(n.group_labels);
  if (!group.empty()) out += " " + group;
  Labels extra;
  for (const auto& pair : common_labels(n.alerts)) {
    if (promql::label_value(n.group_labels, pair.first).empty()) extra.push_back(pair);
  }
  if (!extra.empty()) out += " (" + join_values(extra) + ")";
  return out;
}

std::string alert_names(const std::vector<RoutedAlert>& alerts) {
  std::string out;
  for (const RoutedAlert& a : alerts) {
    if (!out.empty()) out += ", ";
    out += std::string(promql::label_value(a.labels, "alertname"));
    Labels rest;
    for (const auto& pair : a.labels) {
      if (pair.first != "alertname") rest.push_back(pair);
    }
    if (!rest.empty()) out += promql::format_labels(rest);
    if (a.resolved()) out += " (resolved)";
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

}  // namespace

Dispatcher::Dispatcher(const RoutingSpec& spec, Scheduler& scheduler, EventSink emit,
                       NotificationSink deliver)
    : spec_(spec), scheduler_(scheduler), emit_(std::move(emit)), deliver_(std::move(deliver)) {
  for (const SilenceSpec& s : spec_.silences) silences_.add(s);
}

int Dispatcher::add_silence(SilenceSpec spec) {
  const std::string problem = silence_problem(spec);
  if (!problem.empty()) throw std::invalid_argument(problem);
  return silences_.add(std::move(spec));
}

bool Dispatcher::expire_silence(int id) {
  return silences_.expire(id, scheduler_.now());
}

std::vector<RoutedAlert> Dispatcher::firing_alerts() const {
  std::vector<RoutedAlert> out;
  for (const auto& [labels, alert] : firing_) out.push_back(alert);
  return out;
}

std::vector<Dispatcher::GroupView> Dispatcher::groups() const {
  std::vector<GroupView> out;
  for (const auto& [key, g] : groups_) {
    out.push_back(GroupView{g.route->receiver, key, g.group_labels, g.alerts.size(), g.next_flush});
  }
  return out;
}

Dispatcher::Group& Dispatcher::group_for(const RouteSpec& route, const Labels& alert_labels) {
  Labels group_labels = group_labels_of(route, alert_labels);
  std::string key = route.path + ":" + promql::format_labels(group_labels);
  auto it = groups_.find(key);
  if (it != groups_.end()) return it->second;
  Group& g = groups_[key];
  g.route = &route;
  g.key = key;
  g.group_labels = std::move(group_labels);
  g.generation = next_generation_++;
  g.next_flush = scheduler_.now() + route.group_wait;
  schedule_flush(key, g.generation, g.next_flush);
  return g;
}

void Dispatcher::schedule_flush(const std::string& key, std::uint64_t generation, SimTime time) {
  scheduler_.at(time, [this, alive = std::weak_ptr<const bool>(alive_), key, generation] {
    if (alive.expired()) return;  // the dispatcher is gone
    auto it = groups_.find(key);
    if (it == groups_.end() || it->second.generation != generation) return;
    flush(key);
  });
}

void Dispatcher::alert_firing(const Labels& labels, const Labels& annotations) {
  const SimTime now = scheduler_.now();
  auto [it, inserted] = firing_.try_emplace(labels);
  RoutedAlert& alert = it->second;
  if (inserted) {
    alert.labels = labels;
    alert.starts_at = now;
  }
  alert.annotations = annotations;
  for (const RouteSpec* route : match_routes(spec_.route, labels)) {
    Group& g = group_for(*route, labels);
    auto [slot, fresh] = g.alerts.try_emplace(labels, alert);
    if (!fresh) {
      if (slot->second.resolved()) {
        slot->second = alert;  // fires again: a new alert with the same labels
      } else {
        slot->second.annotations = annotations;
      }
    }
    // Alertmanager flushes at once a group that has not flushed yet when an
    // alert's group_wait is already over (an old alert arriving late).
    if (!g.has_flushed && slot->second.starts_at + route->group_wait < now && g.next_flush > now) {
      g.generation = next_generation_++;
      g.next_flush = now;
      schedule_flush(g.key, g.generation, now);
    }
  }
}

void Dispatcher::alert_resolved(const Labels& labels) {
  const SimTime now = scheduler_.now();
  firing_.erase(labels);
  for (const RouteSpec* route : match_routes(spec_.route, labels)) {
    const std::string key =
        route->path + ":" + promql::format_labels(group_labels_of(*route, labels));
    auto g = groups_.find(key);
    if (g == groups_.end()) continue;
    auto a = g->second.alerts.find(labels);
    if (a != g->second.alerts.end() && !a->second.resolved()) a->second.ends_at = now;
  }
}

void Dispatcher::emit_muted(Group& group, const RoutedAlert& alert, std::string cause) {
  auto [it, fresh] = group.muted.try_emplace(alert.labels, cause);
  if (!fresh && it->second == cause) return;
  it->second = cause;
  RunEvent e;
  e.kind = std::string(event_kind::kAlertMuted);
  e.service = std::string(promql::label_value(alert.labels, "service"));
  e.attributes = {{"alertname", std::string(promql::label_value(alert.labels, "alertname"))},
                  {"labels", promql::format_labels(alert.labels)},
                  {"receiver", group.route->receiver},
                  {"group", group.key},
                  {"by", std::move(cause)}};
  e.time = scheduler_.now();
  emit_(std::move(e));
}

void Dispatcher::flush(const std::string& key) {
  Group& g = groups_.at(key);
  const SimTime now = scheduler_.now();
  const RouteSpec& route = *g.route;
  const bool first_flush = !g.has_flushed;
  g.has_flushed = true;
  g.next_flush = now + route.group_interval;
  schedule_flush(key, g.generation, g.next_flush);

  // A receiver with no integration and no team is Alertmanager's null
  // receiver: its alerts go through the mute stages (and are marked muted),
  // but nothing is ever sent.
  const ReceiverSpec* receiver = spec_.find_receiver(route.receiver);
  const bool null_receiver =
      receiver == nullptr || (receiver->integrations.empty() && receiver->team.empty());

  // Mute stage: silences, then inhibition by the alerts firing now.
  std::vector<const Labels*> firing_now;
  for (const auto& [labels, alert] : firing_) firing_now.push_back(&labels);
  std::vector<RoutedAlert> unmuted;
  std::set<Labels> firing_set;
  std::set<Labels> resolved_set;
  for (const auto& [labels, alert] : g.alerts) {
    if (const Silence* s = silences_.muting(labels, now)) {
      emit_muted(g, alert, "silenced by " + s->describe());
      continue;
    }
    if (auto inhibition = find_inhibition(spec_.inhibit_rules, labels, firing_now)) {
      emit_muted(g, alert,
                 "inhibited by " +
                     std::string(promql::label_value(inhibition->source, "alertname")) +
                     promql::format_labels(inhibition->source) + " (inhibit rule " +
                     std::to_string(inhibition->rule + 1) + ")");
      continue;
    }
    g.muted.erase(labels);
    unmuted.push_back(alert);
    (alert.resolved() ? resolved_set : firing_set).insert(labels);
  }

  // Alertmanager's pipeline stops when the mute stages left nothing: no
  // notification, and the log keeps what the receiver was last told (a
  // silenced incident stays open; once the silence ends, nothing new is
  // sent until repeat_interval).
  // Dedup stage: notify only what the receiver has not been told.
  const auto entry = log_.find(key);
  std::string reason;
  if (unmuted.empty() || null_receiver) {
    // nothing to send
  } else if (entry == log_.end() || !is_subset(firing_set, entry->second.firing)) {
    if (!firing_set.empty()) {
      if (first_flush) {
        reason = "new alert group, after group_wait " +
                 promql::format_prometheus_duration(route.group_wait);
      } else if (entry == log_.end()) {
        reason = "new alert group";
      } else {
        reason = "new firing alerts, at the group_interval (" +
                 promql::format_prometheus_duration(route.group_interval) + ")";
      }
    }
  } else if (firing_set.empty()) {
    if (!entry->second.firing.empty()) reason = "all alerts resolved";
  } else if (receiver->send_resolved && !is_subset(resolved_set, entry->second.resolved)) {
    reason = "some alerts resolved";
  } else if (entry->second.time < now - route.repeat_interval) {
    reason = "still firing after repeat_interval " +
             promql::format_prometheus_duration(route.repeat_interval);
  }
  if (!reason.empty()) {
    Notification n;
    n.receiver = receiver;
    n.group_key = key;
    n.group_labels = g.group_labels;
    n.firing = static_cast<int>(firing_set.size());
    n.resolved = firing_set.empty();
    n.reason = reason;
    for (const RoutedAlert& a : unmuted) {
      if (!a.resolved() || receiver->send_resolved) n.alerts.push_back(a);
    }
    // A receiver that does not send resolved notifications is not told
    // that the group cleared, but its log still records it.
    if (!n.resolved || receiver->send_resolved) {
      n.title = default_title(n);
      notify(g, n);
    }
    log_[key] = LogEntry{firing_set, resolved_set, now};
  }

  // Resolved alerts were part of this flush: they leave the group.
  for (auto it = g.alerts.begin(); it != g.alerts.end();) {
    if (it->second.resolved()) {
      g.muted.erase(it->first);
      it = g.alerts.erase(it);
    } else {
      ++it;
    }
  }
  if (g.alerts.empty()) groups_.erase(key);
}

void Dispatcher::notify(Group& group, const Notification& n) {
  RunEvent e;
  e.kind = std::string(event_kind::kNotification);
  const Labels common = common_labels(n.alerts);
  e.service = std::string(promql::label_value(common, "service"));
  e.attributes = {{"receiver", n.receiver->name},
                  {"team", n.receiver->team},
                  {"integrations", join(n.receiver->integrations, ",")},
                  {"group", group.key},
                  {"status", n.resolved ? "resolved" : "firing"},
                  {"title", n.title},
                  {"firing", std::to_string(n.firing)},
                  {"alerts", alert_names(n.alerts)},
                  {"reason", n.reason}};
  e.time = scheduler_.now();
  emit_(std::move(e));
  if (deliver_) deliver_(n);
}

}  // namespace firedrill
