// PagerDuty-style incidents and escalation over the scenario's teams.
//
// An integration (a receiver of Alertmanager mapped to a team) triggers an
// incident with a dedup key; while that incident is open, triggers with the
// same key join it instead of opening another. An incident follows the
// escalation policy its team had when it triggered:
//
//   triggered    level 1's targets are paged (a schedule target pages whoever
//                is on call at that moment); unless acknowledged within the
//                level's escalate_after, the incident escalates to the next
//                level and pages its targets; after the last level it starts
//                over at level 1, `repeat` times, then stays at the last level.
//   acknowledged escalation stops. If still unresolved after the policy's
//                ack_timeout, it re-triggers: back to triggered, the current
//                level's targets paged again and its escalation timer restarted.
//   resolved     by a responder, or by the integration (Alertmanager's
//                resolved notification). Final.
//
// Every step is an event (docs/recording-format.md, "Events"): incident_triggered,
// page, escalated, incident_acknowledged, incident_retriggered,
// incident_resolved, each saying who, which incident, and why.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/base/time.h"
#include "sim/kernel/scheduler.h"
#include "sim/model/journal.h"
#include "sim/paging/oncall_spec.h"

namespace firedrill {

enum class IncidentState { kTriggered, kAcknowledged, kResolved };
// "triggered", "acknowledged", "resolved".
std::string_view incident_state_name(IncidentState state);

struct Incident {
  int id = 0;  // 1, 2, ... in trigger order over the run
  std::string team;
  std::string dedup_key;
  std::string title;  // the first trigger's summary
  IncidentState state = IncidentState::kTriggered;
  EscalationPolicySpec policy;        // as it was when the incident triggered
  int level = 0;                      // 0-based index of the current level
  int loop = 0;                       // 0 on the first pass through the levels
  std::vector<std::string> assigned;  // paged at the current level, in page order
  SimTime triggered_at = 0;
  std::optional<SimTime> acknowledged_at;  // the last acknowledgement
  std::optional<SimTime> resolved_at;
  std::string acknowledged_by;
  std::string resolved_by;  // a person, or "alertmanager"
  int alerts = 1;           // triggers received (the first and those that joined)
  // When the pending escalation (triggered, a next level or pass to go to)
  // or re-trigger (acknowledged, with an ack_timeout) is due, if any.
  std::optional<SimTime> escalates_at;
  std::optional<SimTime> retriggers_at;
};

class Pager {
 public:
  using EventSink = std::function<void(RunEvent)>;

  // `teams` and `scheduler` must outlive the pager. `start_of_day` is the
  // clock time at simulated time 0 (schedules hand off at clock times).
  // Events go to `emit` with their time set to scheduler.now().
  Pager(const std::vector<TeamSpec>& teams, SimTime start_of_day, Scheduler& scheduler,
        EventSink emit);
  Pager(const Pager&) = delete;
  Pager& operator=(const Pager&) = delete;

  // An integration's trigger for `team` (which must exist: else throws
  // std::invalid_argument, a caller's bug). Opens an incident and pages
  // level 1, or joins the open (triggered or acknowledged) incident with the
  // same team and dedup key: alerts + 1, no event. `reason` says why
  // ("Alertmanager notified receiver data: ..."). Returns the incident's id.
  int trigger(const std::string& team, const std::string& dedup_key, const std::string& title,
              const std::string& reason);
  // The integration's resolve: resolves the open incident of `team` with that
  // key, if there is one (by "alertmanager" or whoever `by` says).
  void resolve_by_key(const std::string& team, const std::string& dedup_key,
                      const std::string& by = "alertmanager");

  // A responder acknowledges an incident that is triggered or acknowledged
  // (acknowledging again restarts the ack timeout). Returns "" on success,
  // else why not ("incident #3 is already resolved", "no incident #9"); any
  // non-empty name is accepted.
  std::string acknowledge(int incident, const std::string& person);
  // A responder resolves an open incident. Returns "" or why not.
  std::string resolve(int incident, const std::string& person);

  const std::vector<Incident>& incidents() const { return incidents_; }
  const Incident* find(int incident) const;
  // Who is on call for a schedule of a team at simulated time `time`
  // ("" if nobody: restrictions leave a gap).
  std::string on_call(const std::string& team, const std::string& schedule, SimTime time) const;

 private:
  using Attributes = std::vector<std::pair<std::string, std::string>>;
  // Who a level reaches now: people in page order (each once) with how, and
  // the schedule targets that have nobody on call.
  struct LevelReach {
    std::vector<std::pair<std::string, std::string>> pages;  // person, via
    std::vector<std::string> empty_schedules;
  };

  const TeamSpec* find_team(const std::string& name) const;
  Incident* open_incident(const std::string& team, const std::string& dedup_key);
  // Why `incident` cannot take a responder's action by `person`, or "".
  std::string refusal(int incident, const std::string& person, std::string_view action) const;
  LevelReach reach_level(const Incident& incident) const;
  // Appends the page events of the incident's current level to `out`, sets
  // `assigned`, and starts the level's escalation timer. `opening` is the
  // event that starts the level (triggered, escalated, re-triggered): when
  // nobody is reached, it gets paged=nobody and says why.
  void notify_level(Incident& incident, const std::string& reason, RunEvent opening,
                    std::vector<RunEvent>& out);
  void start_escalation_timer(Incident& incident);
  void escalate(int incident, std::uint64_t generation);
  void retrigger(int incident, std::uint64_t generation);
  // Cancels the incident's pending timers.
  void bump(Incident& incident);
  RunEvent event(std::string_view kind, Attributes attributes) const;
  // Sends events after the pager's state is updated (a sink may call back in).
  void flush(std::vector<RunEvent>& events);

  const std::vector<TeamSpec>& teams_;
  SimTime start_of_day_;
  Scheduler& scheduler_;
  EventSink emit_;
  std::vector<Incident> incidents_;
  std::vector<std::uint64_t> generation_;  // per incident: bumps cancel pending timers
  // Timers hold a weak reference: those still queued when the pager is gone do nothing.
  std::shared_ptr<const bool> alive_ = std::make_shared<const bool>(true);
};

}  // namespace firedrill
