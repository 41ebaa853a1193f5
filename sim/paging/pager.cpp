#include "sim/paging/pager.h"

#include <algorithm>
#include <stdexcept>

#include "sim/model/event_kinds.h"
#include "sim/paging/schedule.h"

namespace firedrill {
namespace {

// "alice", "alice and bob", "alice, bob and carol".
std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

std::string comma_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

// "nobody on call for schedule primary" / "... for schedules primary and secondary".
std::string nobody_note(const std::vector<std::string>& schedules) {
  return std::string("nobody on call for schedule") + (schedules.size() > 1 ? "s " : " ") +
         join_names(schedules);
}

std::string number(int n) {
  return std::to_string(n);
}

}  // namespace

std::string_view incident_state_name(IncidentState state) {
  switch (state) {
    case IncidentState::kTriggered:
      return "triggered";
    case IncidentState::kAcknowledged:
      return "acknowledged";
    case IncidentState::kResolved:
      return "resolved";
  }
  return "unknown";
}

Pager::Pager(const std::vector<TeamSpec>& teams, SimTime start_of_day, Scheduler& scheduler,
             EventSink emit)
    : teams_(teams), start_of_day_(start_of_day), scheduler_(scheduler), emit_(std::move(emit)) {}

// ---- lookups ----

const TeamSpec* Pager::find_team(const std::string& name) const {
  for (const TeamSpec& t : teams_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Incident* Pager::open_incident(const std::string& team, const std::string& dedup_key) {
  for (Incident& i : incidents_) {
    if (i.state != IncidentState::kResolved && i.team == team && i.dedup_key == dedup_key) {
      return &i;
    }
  }
  return nullptr;
}

const Incident* Pager::find(int incident) const {
  if (incident < 1 || static_cast<std::size_t>(incident) > incidents_.size()) return nullptr;
  return &incidents_[static_cast<std::size_t>(incident) - 1];
}

std::string Pager::on_call(const std::string& team, const std::string& schedule,
                           SimTime time) const {
  const TeamSpec* t = find_team(team);
  const ScheduleSpec* s = t != nullptr ? t->find_schedule(schedule) : nullptr;
  return s != nullptr ? firedrill::on_call(*s, time, start_of_day_) : "";
}

std::string Pager::refusal(int incident, const std::string& person, std::string_view action) const {
  const Incident* i = find(incident);
  const std::string name = "#" + number(incident);
  if (i == nullptr) return "no incident " + name;
  if (i->state == IncidentState::kResolved) return "incident " + name + " is already resolved";
  if (person.empty()) {
    return std::string(action) + " incident " + name + " needs the name of who does it";
  }
  return "";
}

// ---- events ----

RunEvent Pager::event(std::string_view kind, Attributes attributes) const {
  RunEvent e;
  e.time = scheduler_.now();
  e.kind = std::string(kind);
  e.attributes = std::move(attributes);
  return e;
}

void Pager::flush(std::vector<RunEvent>& events) {
  if (!emit_) return;
  for (RunEvent& e : events) emit_(std::move(e));
}

void Pager::bump(Incident& incident) {
  ++generation_[static_cast<std::size_t>(incident.id) - 1];
  incident.escalates_at.reset();
  incident.retriggers_at.reset();
}

// ---- paging a level ----

Pager::LevelReach Pager::reach_level(const Incident& incident) const {
  LevelReach reach;
  const auto& levels = incident.policy.levels;
  if (incident.level < 0 || static_cast<std::size_t>(incident.level) >= levels.size()) {
    return reach;
  }
  const TeamSpec* team = find_team(incident.team);
  const SimTime now = scheduler_.now();
  auto add = [&reach](const std::string& person, std::string via) {
    for (const auto& page : reach.pages) {
      if (page.first == person) return;  // paged once per level
    }
    reach.pages.emplace_back(person, std::move(via));
  };
  for (const EscalationTarget& target : levels[static_cast<std::size_t>(incident.level)].targets) {
    if (target.kind == EscalationTarget::Kind::kPerson) {
      add(target.name, "direct");
      continue;
    }
    const ScheduleSpec* schedule = team != nullptr ? team->find_schedule(target.name) : nullptr;
    std::string person =
        schedule != nullptr ? firedrill::on_call(*schedule, now, start_of_day_) : "";
    if (person.empty()) {
      reach.empty_schedules.push_back(target.name);
    } else {
      add(person, "schedule " + target.name);
    }
  }
  return reach;
}

void Pager::notify_level(Incident& incident, const std::string& reason, RunEvent opening,
                         std::vector<RunEvent>& out) {
  const LevelReach reach = reach_level(incident);
  std::string page_reason = reason;
  if (!reach.empty_schedules.empty()) {
    page_reason += " (" + nobody_note(reach.empty_schedules) + ")";
  }
  if (reach.pages.empty()) {
    for (auto& [key, value] : opening.attributes) {
      if (key == "reason" && !reach.empty_schedules.empty()) {
        value += "; " + nobody_note(reach.empty_schedules);
      }
    }
    opening.attributes.emplace_back("paged", "nobody");
  }
  out.push_back(std::move(opening));

  incident.assigned.clear();
  for (const auto& [person, via] : reach.pages) {
    incident.assigned.push_back(person);
    out.push_back(event(event_kind::kPage, {{"incident", number(incident.id)},
                                            {"team", incident.team},
                                            {"person", person},
                                            {"level", number(incident.level + 1)},
                                            {"loop", number(incident.loop + 1)},
                                            {"via", via},
                                            {"reason", page_reason}}));
  }
  start_escalation_timer(incident);
}

void Pager::start_escalation_timer(Incident& incident) {
  const auto& levels = incident.policy.levels;
  if (levels.empty()) return;
  const bool last_level = static_cast<std::size_t>(incident.level) + 1 >= levels.size();
  if (last_level && incident.loop >= incident.policy.repeat) return;  // nowhere to go
  // As PagerDuty does, a level that reached nobody (a gap in its schedules)
  // escalates at once instead of waiting for an acknowledgement that cannot come.
  const SimTime after = incident.assigned.empty()
                            ? 0
                            : levels[static_cast<std::size_t>(incident.level)].escalate_after;
  const SimTime now = scheduler_.now();
  const SimTime due = now > kForever - after ? kForever : now + after;
  const int id = incident.id;
  const std::uint64_t generation = generation_[static_cast<std::size_t>(id) - 1];
  incident.escalates_at = due;
  scheduler_.at(due, [this, alive = std::weak_ptr(alive_), id, generation] {
    if (!alive.expired()) escalate(id, generation);
  });
}

// ---- the state machine ----

int Pager::trigger(const std::string& team, const std::string& dedup_key, const std::string& title,
                   const std::string& reason) {
  const TeamSpec* spec = find_team(team);
  if (spec == nullptr) throw std::invalid_argument("Pager::trigger: unknown team '" + team + "'");
  if (Incident* joined = open_incident(team, dedup_key)) {
    ++joined->alerts;
    return joined->id;
  }

  Incident incident;
  incident.id = static_cast<int>(incidents_.size()) + 1;
  incident.team = team;
  incident.dedup_key = dedup_key;
  incident.title = title;
  incident.triggered_at = scheduler_.now();
  if (spec->escalation) {
    incident.policy = *spec->escalation;
  } else {
    incident.policy.ack_timeout = 0;  // nobody to page again
  }
  incidents_.push_back(std::move(incident));
  generation_.push_back(0);
  Incident& opened = incidents_.back();

  std::vector<RunEvent> out;
  RunEvent triggered = event(event_kind::kIncidentTriggered, {{"incident", number(opened.id)},
                                                              {"team", team},
                                                              {"title", title},
                                                              {"dedup_key", dedup_key},
                                                              {"reason", reason},
                                                              {"level", "1"}});
  notify_level(opened, "incident triggered", std::move(triggered), out);
  const int id = opened.id;
  flush(out);
  return id;
}

void Pager::escalate(int id, std::uint64_t generation) {
  const auto index = static_cast<std::size_t>(id) - 1;
  if (generation_[index] != generation) return;
  Incident& incident = incidents_[index];
  if (incident.state != IncidentState::kTriggered) return;
  const auto& levels = incident.policy.levels;
  const EscalationLevelSpec& left = levels[static_cast<std::size_t>(incident.level)];
  const std::string waited = format_duration(left.escalate_after);
  const int from_level = incident.level;
  const std::vector<std::string> unanswered = incident.assigned;

  bump(incident);
  if (static_cast<std::size_t>(incident.level) + 1 < levels.size()) {
    ++incident.level;
  } else if (incident.loop < incident.policy.repeat) {
    ++incident.loop;
    incident.level = 0;
  } else {
    return;  // not reached: no timer is set at the end of the last pass
  }

  std::string why = unanswered.empty()
                        ? "nobody was on call at level " + number(from_level + 1)
                        : join_names(unanswered) + " did not acknowledge within " + waited;
  const std::string reason = incident.level == 0
                                 ? "policy repeated (pass " + number(incident.loop + 1) + " of " +
                                       number(incident.policy.repeat + 1) + "): " + why
                                 : "escalated: " + why;
  std::vector<RunEvent> out;
  RunEvent escalated =
      event(event_kind::kEscalated,
            {{"incident", number(id)},
             {"team", incident.team},
             {"from_level", number(from_level + 1)},
             {"to_level", number(incident.level + 1)},
             {"loop", number(incident.loop + 1)},
             {"unanswered", comma_list(unanswered)},
             {"reason", unanswered.empty() ? "nobody on call at level " + number(from_level + 1)
                                           : "not acknowledged within " + waited}});
  notify_level(incident, reason, std::move(escalated), out);
  flush(out);
}

std::string Pager::acknowledge(int id, const std::string& person) {
  std::string refused = refusal(id, person, "acknowledging");
  if (!refused.empty()) return refused;
  Incident& incident = incidents_[static_cast<std::size_t>(id) - 1];
  bump(incident);
  const SimTime now = scheduler_.now();
  incident.state = IncidentState::kAcknowledged;
  incident.acknowledged_at = now;
  incident.acknowledged_by = person;
  const SimTime timeout = incident.policy.ack_timeout;
  if (timeout > 0) {
    const SimTime due = now > kForever - timeout ? kForever : now + timeout;
    const std::uint64_t generation = generation_[static_cast<std::size_t>(id) - 1];
    incident.retriggers_at = due;
    scheduler_.at(due, [this, alive = std::weak_ptr(alive_), id, generation] {
      if (!alive.expired()) retrigger(id, generation);
    });
  }
  std::vector<RunEvent> out;
  out.push_back(event(event_kind::kIncidentAcknowledged,
                      {{"incident", number(id)}, {"team", incident.team}, {"person", person}}));
  flush(out);
  return "";
}

void Pager::retrigger(int id, std::uint64_t generation) {
  const auto index = static_cast<std::size_t>(id) - 1;
  if (generation_[index] != generation) return;
  Incident& incident = incidents_[index];
  if (incident.state != IncidentState::kAcknowledged) return;
  bump(incident);
  incident.state = IncidentState::kTriggered;
  const std::string timeout = format_duration(incident.policy.ack_timeout);
  std::vector<RunEvent> out;
  RunEvent retriggered =
      event(event_kind::kIncidentRetriggered,
            {{"incident", number(id)},
             {"team", incident.team},
             {"acknowledged_by", incident.acknowledged_by},
             {"reason", "not resolved within " + timeout + " of acknowledgement"}});
  notify_level(incident,
               "re-triggered: acknowledged by " + incident.acknowledged_by + " " + timeout +
                   " ago but not resolved",
               std::move(retriggered), out);
  flush(out);
}

std::string Pager::resolve(int id, const std::string& person) {
  std::string refused = refusal(id, person, "resolving");
  if (!refused.empty()) return refused;
  Incident& incident = incidents_[static_cast<std::size_t>(id) - 1];
  bump(incident);
  incident.state = IncidentState::kResolved;
  incident.resolved_at = scheduler_.now();
  incident.resolved_by = person;
  std::vector<RunEvent> out;
  out.push_back(event(event_kind::kIncidentResolved,
                      {{"incident", number(id)}, {"team", incident.team}, {"by", person}}));
  flush(out);
  return "";
}

void Pager::resolve_by_key(const std::string& team, const std::string& dedup_key,
                           const std::string& by) {
  Incident* incident = open_incident(team, dedup_key);
  if (incident == nullptr) return;
  resolve(incident->id, by.empty() ? "alertmanager" : by);
}

}  // namespace firedrill
