// What was going on at any moment of a run, rebuilt from its events: each
// alert's pending and firing spans, each pager incident's life (pages,
// escalations, acknowledgement, resolution), and where the faults really were.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/model/journal.h"

namespace firedrill::viewer {

// One alert (a rule and a label set) from pending to gone. An alert that
// fires, resolves and fires again is two spans.
struct AlertSpan {
  std::string name;               // alertname
  std::string labels;             // {a="b", ...} as recorded
  std::string service;            // its service label, "" if none
  std::string severity;           // its severity label, "" if none
  std::string summary;            // the summary annotation, if any
  SimTime pending = 0;            // when it became pending (= firing for a rule without `for`)
  std::optional<SimTime> firing;  // when it started firing, if it did
  std::optional<SimTime> ended;   // resolved or cleared, if it did
};

enum class AlertState { kInactive, kPending, kFiring };
AlertState alert_state_at(const AlertSpan& span, SimTime t);

// One page sent by the pager.
struct PageSent {
  SimTime time = 0;
  std::string person;
  std::string level;
  std::string reason;
};

// A pager incident (PagerDuty's sense) from trigger to resolution.
struct PagerIncident {
  std::string id;
  std::string team;
  std::string title;
  SimTime triggered = 0;
  std::vector<PageSent> pages;
  std::vector<SimTime> escalations;  // escalations and re-triggers
  // Each acknowledgement that changed the incident's state: the first, and
  // the first after each re-trigger (a repeated `ack` changes nothing).
  struct Ack {
    SimTime time = 0;
    std::string person;
  };
  std::vector<Ack> acks;
  std::optional<SimTime> acknowledged;  // the last of `acks`, if any
  std::string acknowledged_by;
  std::optional<SimTime> resolved;
  std::string resolved_by;
};

// The acknowledgement in force at `t` (the last one by then), if any.
const PagerIncident::Ack* ack_at(const PagerIncident& incident, SimTime t);

enum class IncidentState { kNotYet, kTriggered, kAcknowledged, kResolved };
// The state at `t`. An acknowledgement that timed out (re-triggered after
// it) counts as triggered again.
IncidentState incident_state_at(const PagerIncident& incident, SimTime t);
const char* incident_state_name(IncidentState state);

// A fault on a service from its start to its end (ground truth).
struct FaultSpan {
  std::string service;
  std::string fault;  // its name: memory_leak, outage, ...
  std::string other;  // a partition's other service; empty for other faults
  SimTime start = 0;
  std::optional<SimTime> end;
};

// What a fault is called in the graph's truth tag and tooltip:
// "memory_leak", "partition from cart".
std::string fault_label(const FaultSpan& span);

struct IncidentHistory {
  std::vector<AlertSpan> alerts;         // by start time
  std::vector<PagerIncident> incidents;  // by trigger time
  std::vector<FaultSpan> faults;         // by start time
};

IncidentHistory build_history(const RunJournal& journal);

// Whether a fault is active on `service` at `t`.
bool fault_active(const IncidentHistory& history, std::string_view service, SimTime t);

}  // namespace firedrill::viewer
