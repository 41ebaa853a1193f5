// alert_thresholds: (being written) the rules' thresholds mapped to plots.
#include "viewer/replay/thresholds.h"

#include <algorithm>

namespace firedrill::viewer {

std::vector<Threshold> alert_thresholds(const Scenario&) { return {}; }

bool applies_to(const Threshold& threshold, const std::string& service) {
  return threshold.services.empty() ||
         std::find(threshold.services.begin(), threshold.services.end(), service) !=
             threshold.services.end();
}

}  // namespace firedrill::viewer
