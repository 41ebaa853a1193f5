#include "sim/response/visibility.h"

#include <algorithm>
#include <array>

#include "sim/model/event_kinds.h"

namespace firedrill {

bool visible_to_trainees(std::string_view event_kind) {
  namespace k = event_kind;
  static constexpr std::array kVisible = {k::kAlertPending,
                                          k::kAlertFiring,
                                          k::kAlertResolved,
                                          k::kAlertCleared,
                                          k::kRuleFailed,
                                          k::kNotification,
                                          k::kAlertMuted,
                                          k::kIncidentTriggered,
                                          k::kPage,
                                          k::kEscalated,
                                          k::kIncidentAcknowledged,
                                          k::kIncidentRetriggered,
                                          k::kIncidentResolved,
                                          k::kDeploy,
                                          k::kRollback,
                                          k::kInject,
                                          k::kOomKilled,
                                          k::kRestart,
                                          k::kReplicaReady,
                                          k::kAction,
                                          k::kActionRefused,
                                          k::kMitigation,
                                          k::kMitigationDone};
  return std::find(kVisible.begin(), kVisible.end(), event_kind) != kVisible.end();
}

}  // namespace firedrill
