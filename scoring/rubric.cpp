#include "scoring/rubric.h"

namespace firedrill {

const std::vector<SeverityLevel>& severity_table() {
  // What trainees learn: SEV-1 all hands at once, SEV-2 within half an hour,
  // SEV-3 within a few hours, SEV-4 in the next release. Status updates at
  // the cadence incident-management handbooks give for each level.
  static const std::vector<SeverityLevel> table = {
      {1, "full outage", "immediate response", 5 * kMinute, 30 * kMinute, 10 * kMinute,
       30 * kMinute, true},
      {2, "major function broken", "respond within 30 minutes", 30 * kMinute, kHour, 15 * kMinute,
       kHour, true},
      {3, "partial impact on non-core features", "respond within a few hours", 4 * kHour, 8 * kHour,
       kHour, 4 * kHour, false},
      {4, "minor impact", "fix in the next release", 7 * kDay, 0, 0, 0, false},
  };
  return table;
}

const SeverityLevel& severity_level(int severity) {
  const auto& table = severity_table();
  if (severity >= 1 && severity <= 4) return table[static_cast<std::size_t>(severity - 1)];
  return table[2];
}

Rubric rubric_for(const Scenario& scenario) {
  Rubric r;
  r.severity = scenario.incident ? scenario.incident->severity : 0;
  r.level = severity_level(r.severity);
  r.respond = r.level.respond;
  r.mitigate = r.level.mitigate;
  r.first_status = r.level.first_status;
  r.status_every = r.level.status_every;
  r.commander = r.level.commander;

  const ScoringSpec& s = scenario.scoring;
  const ScoringTargets& t = s.targets;
  if (t.acknowledge > 0) r.acknowledge = t.acknowledge;
  if (t.respond > 0) r.respond = t.respond;
  if (t.mitigate > 0) r.mitigate = t.mitigate;
  if (t.first_status > 0) r.first_status = t.first_status;
  if (t.status_every > 0) r.status_every = t.status_every;
  if (!t.status_cadence_required) r.status_every = 0;
  r.weights = s.weights;
  r.minimum = s.minimum;
  r.slo = s.slo;
  r.acceptable = s.acceptable;
  return r;
}

}  // namespace firedrill
