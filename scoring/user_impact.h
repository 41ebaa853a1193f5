// What users felt, minute by minute, at the service the SLO is about: its
// requests, and the bad ones (answered with a 5xx, never answered because
// no replica took them or the replica died, or, for an SLO with a latency
// threshold, slower than it). Read from the run's counters at whole
// minutes, as a dashboard would.
#pragma once

#include <optional>
#include <vector>

#include "scoring/run_view.h"

namespace firedrill {

struct ImpactMinute {
  double requests = 0;
  double bad = 0;
  bool hurt = false;  // well above the normal rate of bad requests (see measure_user_impact)
};

struct UserImpact {
  std::string service;                // the SLO's service
  std::vector<ImpactMinute> minutes;  // minute m covers [m, m+1) minutes of the run
  double normal_bad_ratio = 0;        // bad / requests in the minutes before the onset
  double requests = 0;                // over the whole run
  double bad = 0;
  // Bad requests beyond the normal rate, from the onset on: what the incident cost.
  double excess_bad = 0;
  double budget = 0;         // bad requests the SLO allows over its window, at this traffic
  double budget_burned = 0;  // bad / budget: fraction of the window's error budget used
  bool breached = false;     // bad ratio over the run above 1 - objective
  std::optional<SimTime> first_hurt;  // start of the first hurt minute at or after the onset
  std::optional<SimTime> impact_end;  // end of the last hurt minute, if users were not hurt
                                      // in the run's last minutes (otherwise none: still hurting)
  int hurt_minutes = 0;
  std::size_t longest_lull = 0;  // most quiet minutes between two hurt ones
};

// A minute is hurt when its bad requests exceed three times what the normal
// ratio predicts, with a margin for chance (five standard deviations of a
// Poisson count, and ten requests). Impact has ended when the run's last
// minutes were quiet for longer than any lull between hurt minutes (and at
// least five minutes).
UserImpact measure_user_impact(const RunView& run, const SloSpec& slo, SimTime onset);

}  // namespace firedrill
