// The kinds of RunEvent the model emits. A kind is a stable snake_case word:
// recordings store it, scripts subscribe to it (`on("oom_killed", ...)`), and
// docs/recording-format.md lists each with its attributes. Features that add
// events (alerts, pages, trainee actions) add their kinds here.
#pragma once

#include <array>
#include <string_view>

namespace firedrill::event_kind {

inline constexpr std::string_view kOomKilled = "oom_killed";  // a replica hit its memory limit
inline constexpr std::string_view kRestart = "restart";       // a replica goes down to restart
inline constexpr std::string_view kReplicaReady = "replica_ready";  // a replica takes traffic again
inline constexpr std::string_view kReplicaDown = "replica_down";    // held down by an outage
inline constexpr std::string_view kFault = "fault";                 // a fault turned on or changed
inline constexpr std::string_view kFaultCleared = "fault_cleared";  // a fault turned off
inline constexpr std::string_view kSpikeEnded = "spike_ended";      // a traffic spike is over
inline constexpr std::string_view kDeploy = "deploy";               // a new version of a service
inline constexpr std::string_view kRollback = "rollback";           // back to the previous version
inline constexpr std::string_view kInject = "inject";               // a facilitator's message
inline constexpr std::string_view kAlertPending = "alert_pending";  // an alert became pending
inline constexpr std::string_view kAlertFiring = "alert_firing";    // an alert fires
inline constexpr std::string_view kAlertResolved = "alert_resolved";  // a firing alert stopped
inline constexpr std::string_view kAlertCleared = "alert_cleared";    // a pending alert went away
inline constexpr std::string_view kRuleFailed = "rule_failed";        // a rule's evaluation failed
// Alertmanager (sim/routing) and the pager (sim/paging).
inline constexpr std::string_view kNotification = "notification";  // a group notified a receiver
inline constexpr std::string_view kAlertMuted = "alert_muted";  // silenced or inhibited at a flush
inline constexpr std::string_view kIncidentTriggered = "incident_triggered";  // a new incident
inline constexpr std::string_view kPage = "page";                             // a person was paged
inline constexpr std::string_view kEscalated = "escalated";  // an incident moved to another level
inline constexpr std::string_view kIncidentAcknowledged = "incident_acknowledged";
inline constexpr std::string_view kIncidentRetriggered = "incident_retriggered";  // ack timed out
inline constexpr std::string_view kIncidentResolved = "incident_resolved";
// Trainee actions (sim/response) and the mitigations they start (sim/model).
inline constexpr std::string_view kAction = "action";                   // an action was applied
inline constexpr std::string_view kActionRefused = "action_refused";    // an action was refused
inline constexpr std::string_view kMitigation = "mitigation";           // a mitigation started
inline constexpr std::string_view kMitigationDone = "mitigation_done";  // it took full effect
inline constexpr std::string_view kIncidentFixed = "incident_fixed";  // a declared fix took effect

// Every kind above, in the order documented.
inline constexpr std::array kAll = {kOomKilled,
                                    kRestart,
                                    kReplicaReady,
                                    kReplicaDown,
                                    kFault,
                                    kFaultCleared,
                                    kSpikeEnded,
                                    kDeploy,
                                    kRollback,
                                    kInject,
                                    kAlertPending,
                                    kAlertFiring,
                                    kAlertResolved,
                                    kAlertCleared,
                                    kRuleFailed,
                                    kNotification,
                                    kAlertMuted,
                                    kIncidentTriggered,
                                    kPage,
                                    kEscalated,
                                    kIncidentAcknowledged,
                                    kIncidentRetriggered,
                                    kIncidentResolved,
                                    kAction,
                                    kActionRefused,
                                    kMitigation,
                                    kMitigationDone,
                                    kIncidentFixed};

}  // namespace firedrill::event_kind
