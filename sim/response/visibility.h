// What trainees may see of a run: what a real responder has (pages, alerts,
// notifications, the change log, pod events, facilitator injects, their own
// actions), never the ground truth (fault events). The drill console and
// responder bots show or deliver only these event kinds.
#pragma once

#include <string_view>

namespace firedrill {

// True for the event kinds a responder can observe: alert_pending,
// alert_firing, alert_resolved, alert_cleared, rule_failed, notification,
// alert_muted, incident_triggered, page, escalated, incident_acknowledged,
// incident_retriggered, incident_resolved, deploy, rollback, inject,
// oom_killed, restart, replica_ready, action, action_refused, mitigation,
// mitigation_done. False for fault, fault_cleared, spike_ended,
// replica_down (an outage's hold) and incident_fixed.
bool visible_to_trainees(std::string_view event_kind);

}  // namespace firedrill
