// Alertmanager's dispatcher and notification pipeline over simulated time
// (Alertmanager 0.25's dispatch, inhibit, silence and dedup stages):
//
//   alert in ─► route tree (matchers, continue) ─► aggregation group per
//   route and group_by values ─► flush at group_wait, then every
//   group_interval ─► mute (silences, inhibition) ─► dedup against what the
//   receiver was last told ─► notification
//
// A group's first flush is group_wait after its first alert; later flushes
// come every group_interval whether or not anything changed, and notify when
// the receiver has not been told of a firing alert yet, when every alert has
// resolved (a "resolved" notification, which also resolves a paged
// incident), when some resolved and the receiver sends resolved
// notifications, or when the last notification is more than repeat_interval
// old. When silences and inhibitions mute every alert of a flush, nothing is
// sent and the receiver's last notification stands. A group is removed at the flush that empties
// it; a later alert then opens a new group and waits group_wait again. docs/paging.md has the
// timeline of each case.
//
// Every notification is a `notification` event; an alert left out of one by
// a silence or an inhibition is an `alert_muted` event (once per cause).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/kernel/scheduler.h"
#include "sim/metrics/metric_store.h"
#include "sim/model/journal.h"
#include "sim/routing/routing_spec.h"
#include "sim/routing/silences.h"

namespace firedrill {

// An alert as Alertmanager holds it.
struct RoutedAlert {
  Labels labels;  // alertname included
  Labels annotations;
  SimTime starts_at = 0;
  SimTime ends_at = -1;  // -1 while firing
  bool resolved() const { return ends_at >= 0; }
};

// What a receiver is told at a flush.
struct Notification {
  const ReceiverSpec* receiver = nullptr;
  std::string group_key;  // route path and group labels: `0/1:{service="db"}`
  Labels group_labels;
  std::vector<RoutedAlert> alerts;  // as sent: resolved ones only if the receiver sends them
  int firing = 0;                   // firing alerts in the group (not muted)
  bool resolved = false;            // no firing alert left: the group has cleared
  std::string reason;               // why it went out
  std::string title;                // Alertmanager's default subject: "[FIRING:2] HighErrorRatio"
};

class Dispatcher {
 public:
  using EventSink = std::function<void(RunEvent)>;
  using NotificationSink = std::function<void(const Notification&)>;

  // `spec` and `scheduler` must outlive the dispatcher. The scenario's
  // silences are created at once (ids 1, 2, ...). Events go to `emit` with
  // their time set to scheduler.now(); every notification is also given to
  // `deliver` (to page a receiver's team).
  Dispatcher(const RoutingSpec& spec, Scheduler& scheduler, EventSink emit,
             NotificationSink deliver);
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Prometheus sent a firing alert (a new one, or one that fires again).
  void alert_firing(const Labels& labels, const Labels& annotations);
  // Prometheus sent the alert as resolved now.
  void alert_resolved(const Labels& labels);

  // Creates a silence (its window may start in the future); returns its id.
  // It applies from the next flush of each group. Throws
  // std::invalid_argument (silence_problem's message) for a silence
  // Alertmanager would refuse.
  int add_silence(SilenceSpec spec);
  // Ends a silence now. False if there is no such silence.
  bool expire_silence(int id);
  const SilenceStore& silences() const { return silences_; }

  // The firing alerts Alertmanager knows now, by labels.
  std::vector<RoutedAlert> firing_alerts() const;

  // An aggregation group now.
  struct GroupView {
    std::string receiver;
    std::string key;
    Labels group_labels;
    std::size_t alerts = 0;  // firing and not yet notified resolved
    SimTime next_flush = 0;
  };
  std::vector<GroupView> groups() const;

 private:
  struct Group {
    const RouteSpec* route = nullptr;
    std::string key;
    Labels group_labels;
    std::map<Labels, RoutedAlert> alerts;
    std::map<Labels, std::string> muted;  // alerts muted at the last flush, and why
    bool has_flushed = false;
    std::uint64_t generation = 0;  // this group's timer; a removed group's is moot
    SimTime next_flush = 0;
  };
  // What a receiver was last told about a group (Alertmanager's nflog entry).
  struct LogEntry {
    std::set<Labels> firing;
    std::set<Labels> resolved;
    SimTime time = 0;
  };

  Group& group_for(const RouteSpec& route, const Labels& alert_labels);
  void schedule_flush(const std::string& key, std::uint64_t generation, SimTime time);
  void flush(const std::string& key);
  void emit_muted(Group& group, const RoutedAlert& alert, std::string cause);
  void notify(Group& group, const Notification& n);

  const RoutingSpec& spec_;
  Scheduler& scheduler_;
  EventSink emit_;
  NotificationSink deliver_;
  SilenceStore silences_;
  std::map<Labels, RoutedAlert> firing_;  // every firing alert, routed or not
  std::map<std::string, Group> groups_;   // by group key
  std::map<std::string, LogEntry> log_;   // by group key (the notification log)
  std::uint64_t next_generation_ = 1;
  // Expires with the dispatcher: flushes still queued on a longer-lived
  // scheduler then do nothing.
  std::shared_ptr<const bool> alive_ = std::make_shared<const bool>(true);
};

}  // namespace firedrill
