// build_history: alert spans by (name, labels), incidents by id, faults by
// (service, name), each opened and closed by the events that say so.
#include "viewer/replay/incident_history.h"

#include <map>
#include <tuple>
#include <utility>

#include "sim/model/event_kinds.h"
#include "viewer/replay/markers.h"

namespace firedrill::viewer {
namespace ek = event_kind;

AlertState alert_state_at(const AlertSpan& span, SimTime t) {
  if (t < span.pending || (span.ended && t >= *span.ended)) return AlertState::kInactive;
  if (span.firing && t >= *span.firing) return AlertState::kFiring;
  return AlertState::kPending;
}

IncidentState incident_state_at(const PagerIncident& incident, SimTime t) {
  if (t < incident.triggered) return IncidentState::kNotYet;
  if (incident.resolved && t >= *incident.resolved) return IncidentState::kResolved;
  // Acknowledged when the last acknowledgement by `t` came after the last
  // re-trigger by `t`.
  std::optional<SimTime> last_ack, last_reopen;
  for (const PagerIncident::Ack& ack : incident.acks) {
    if (ack.time <= t) last_ack = ack.time;
  }
  for (SimTime e : incident.escalations) {
    if (e <= t) last_reopen = e;
  }
  if (last_ack && (!last_reopen || *last_reopen < *last_ack)) return IncidentState::kAcknowledged;
  return IncidentState::kTriggered;
}

const PagerIncident::Ack* ack_at(const PagerIncident& incident, SimTime t) {
  const PagerIncident::Ack* last = nullptr;
  for (const PagerIncident::Ack& ack : incident.acks) {
    if (ack.time <= t) last = &ack;
  }
  return last;
}

const char* incident_state_name(IncidentState state) {
  switch (state) {
    case IncidentState::kNotYet:
      return "not yet";
    case IncidentState::kTriggered:
      return "triggered";
    case IncidentState::kAcknowledged:
      return "acknowledged";
    case IncidentState::kResolved:
      return "resolved";
  }
  return "?";
}

namespace {

// The value of label `name` in a recorded label text {a="b", c="d"}.
std::string label_value(const std::string& labels, std::string_view name) {
  const std::string needle = std::string(name) + "=\"";
  std::size_t at = 0;
  while ((at = labels.find(needle, at)) != std::string::npos) {
    if (at == 0 || labels[at - 1] == '{' || labels[at - 1] == ' ' || labels[at - 1] == ',') {
      std::string value;
      for (std::size_t i = at + needle.size(); i < labels.size() && labels[i] != '"'; ++i) {
        if (labels[i] == '\\' && i + 1 < labels.size()) ++i;
        value += labels[i];
      }
      return value;
    }
    at += needle.size();
  }
  return {};
}

}  // namespace

IncidentHistory build_history(const RunJournal& journal) {
  IncidentHistory h;
  std::map<std::pair<std::string, std::string>, std::size_t> open_alert;  // -> index
  std::map<std::string, std::size_t> incident_of;
  // Open faults by (service, fault, other service): one service can be
  // partitioned from several others at once, each cleared on its own.
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> open_fault;
  for (const RunEvent& e : journal.events) {
    const auto a = [&](std::string_view name) -> const std::string& { return attribute(e, name); };
    if (e.kind == ek::kAlertPending || e.kind == ek::kAlertFiring) {
      const std::pair key{a("alertname"), a("labels")};
      auto it = open_alert.find(key);
      if (it == open_alert.end()) {
        AlertSpan span;
        span.name = key.first;
        span.labels = key.second;
        span.service = e.service;
        span.severity = label_value(span.labels, "severity");
        span.summary = a("annotation.summary");
        span.pending = e.time;
        it = open_alert.emplace(key, h.alerts.size()).first;
        h.alerts.push_back(std::move(span));
      }
      if (e.kind == ek::kAlertFiring) h.alerts[it->second].firing = e.time;
    } else if (e.kind == ek::kAlertResolved || e.kind == ek::kAlertCleared) {
      auto it = open_alert.find({a("alertname"), a("labels")});
      if (it != open_alert.end()) {
        h.alerts[it->second].ended = e.time;
        open_alert.erase(it);
      }
    } else if (e.kind == ek::kIncidentTriggered) {
      PagerIncident incident;
      incident.id = a("incident");
      incident.team = a("team");
      incident.title = a("title");
      incident.triggered = e.time;
      incident_of[incident.id] = h.incidents.size();
      h.incidents.push_back(std::move(incident));
    } else if (e.kind == ek::kPage || e.kind == ek::kEscalated ||
               e.kind == ek::kIncidentRetriggered || e.kind == ek::kIncidentAcknowledged ||
               e.kind == ek::kIncidentResolved) {
      auto it = incident_of.find(a("incident"));
      if (it == incident_of.end()) continue;
      PagerIncident& incident = h.incidents[it->second];
      if (e.kind == ek::kPage) {
        incident.pages.push_back({e.time, a("person"), a("level"), a("reason")});
      } else if (e.kind == ek::kIncidentAcknowledged) {
        // The pager accepts an `ack` of an incident already acknowledged; it
        // changes nothing, so the first one stays. Only an acknowledgement
        // after a re-trigger (which re-opened the incident) replaces it, or
        // the incident would look triggered from the re-trigger to its end.
        if (!incident.acknowledged || (!incident.escalations.empty() &&
                                       incident.escalations.back() > *incident.acknowledged)) {
          incident.acks.push_back({e.time, a("person")});
          incident.acknowledged = e.time;
          incident.acknowledged_by = a("person");
        }
      } else if (e.kind == ek::kIncidentResolved) {
        incident.resolved = e.time;
        incident.resolved_by = a("by");
      } else {
        incident.escalations.push_back(e.time);
      }
    } else if (e.kind == ek::kFault) {
      const std::tuple key{e.service, a("fault"), a("other")};
      if (open_fault.contains(key)) continue;  // a change of an active fault
      // A partition is between two services: from either side, the same one.
      if (a("fault") == "partition" && open_fault.contains({a("other"), "partition", e.service})) {
        continue;
      }
      FaultSpan span{e.service, a("fault"), a("other"), e.time, std::nullopt};
      // A crash is over as it happens; every other fault lasts until cleared.
      if (span.fault == "crash") {
        span.end = e.time;
      } else {
        open_fault.emplace(key, h.faults.size());
      }
      h.faults.push_back(std::move(span));
    } else if (e.kind == ek::kFaultCleared || e.kind == ek::kSpikeEnded) {
      const std::string fault = e.kind == ek::kSpikeEnded ? "spike" : a("fault");
      const std::string& other = a("other");
      for (auto it = open_fault.begin(); it != open_fault.end();) {
        const auto& [service, open, open_other] = it->first;
        // "all" clears every fault of the service, and the partitions
        // recorded on the other side; a partition heals from either side.
        const bool other_side = open == "partition" && open_other == e.service;
        bool cleared = false;
        if (fault == "all") {
          cleared = service == e.service || other_side;
        } else if (fault == "partition" && !other.empty()) {
          cleared = (service == e.service && open == fault && open_other == other) ||
                    (other_side && service == other);
        } else {
          cleared = service == e.service && open == fault;
        }
        if (cleared) {
          h.faults[it->second].end = e.time;
          it = open_fault.erase(it);
        } else {
          ++it;
        }
      }
    }
  }
  return h;
}

std::string fault_label(const FaultSpan& span) {
  return span.other.empty() ? span.fault : span.fault + " from " + span.other;
}

bool fault_active(const IncidentHistory& history, std::string_view service, SimTime t) {
  for (const FaultSpan& f : history.faults) {
    if (f.service == service && f.start <= t && (!f.end || t < *f.end)) return true;
  }
  return false;
}

}  // namespace firedrill::viewer
