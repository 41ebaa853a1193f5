#include "scoring/user_impact.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

namespace firedrill {
namespace {

// The counter's value at `time`: its last sample at or before it (0 before
// the first). Counters here are per service and never reset.
double counter_at(const Series& series, SimTime time) {
  const auto& samples = series.samples;
  auto it = std::upper_bound(samples.begin(), samples.end(), time,
                             [](SimTime t, const Sample& s) { return t < s.time; });
  while (it != samples.begin()) {
    --it;
    if (!std::isnan(it->value)) return it->value;
  }
  return 0;
}

// The sum of `series` at whole minutes 0..count.
std::vector<double> per_minute(const MetricStore& metrics, const std::vector<SeriesId>& series,
                               std::size_t count) {
  std::vector<double> out(count + 1, 0.0);
  for (SeriesId id : series) {
    for (std::size_t m = 0; m <= count; ++m) {
      out[m] += counter_at(metrics.series(id), static_cast<SimTime>(m) * kMinute);
    }
  }
  return out;
}

bool same_bound(std::string_view le, SimTime latency) {
  const std::string text(le);
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  return end != text.c_str() && std::fabs(seconds - to_seconds(latency)) < 1e-9;
}

}  // namespace

UserImpact measure_user_impact(const RunView& run, const SloSpec& slo, SimTime onset) {
  UserImpact impact;
  impact.service = slo.service;
  const MetricStore& metrics = *run.metrics;

  std::vector<SeriesId> all, failed, fast;
  for (SeriesId id : metrics.with_name("requests_total")) {
    const Series& s = metrics.series(id);
    if (s.label("service") != slo.service) continue;
    all.push_back(id);
    if (s.label("code").substr(0, 1) == "5") failed.push_back(id);
  }
  // Users whose request the service never answered: refused (no replica
  // up, drained) or reset (its replica died under it). The service's own
  // counters cannot count them; the ingress side of calls_total does.
  std::vector<SeriesId> unanswered;
  for (SeriesId id : metrics.with_name("calls_total")) {
    const Series& s = metrics.series(id);
    if (s.label("from") != "ingress" || s.label("to") != slo.service) continue;
    if (s.label("outcome") == "refused" || s.label("outcome") == "reset") unanswered.push_back(id);
  }
  if (slo.latency > 0) {
    for (SeriesId id : metrics.with_name("request_duration_seconds_bucket")) {
      const Series& s = metrics.series(id);
      if (s.label("service") == slo.service && same_bound(s.label("le"), slo.latency)) {
        fast.push_back(id);
      }
    }
  }

  const auto count = static_cast<std::size_t>(std::max<SimTime>(run.end, 0) / kMinute);
  const std::vector<double> requests = per_minute(metrics, all, count);
  const std::vector<double> bad = per_minute(metrics, failed, count);
  const std::vector<double> answered_fast = per_minute(metrics, fast, count);
  const std::vector<double> lost = per_minute(metrics, unanswered, count);
  for (std::size_t m = 0; m < count; ++m) {
    ImpactMinute minute;
    const double never_answered = lost[m + 1] - lost[m];
    minute.requests = requests[m + 1] - requests[m] + never_answered;
    minute.bad = bad[m + 1] - bad[m] + never_answered;
    if (slo.latency > 0) {
      // Slower than the threshold: answered, but not within it. Metrics
      // cannot tell a slow failure from a slow success, so one counts twice
      // (capped at the minute's requests): impact errs on the high side.
      const double slow =
          minute.requests - never_answered - (answered_fast[m + 1] - answered_fast[m]);
      minute.bad = std::min(minute.requests, minute.bad + std::max(0.0, slow));
    }
    impact.minutes.push_back(minute);
  }

  // The normal ratio: the minutes wholly before the onset.
  const auto onset_minute =
      static_cast<std::size_t>(std::clamp<SimTime>(onset, 0, run.end) / kMinute);
  double normal_requests = 0, normal_bad = 0;
  for (std::size_t m = 0; m < onset_minute && m < impact.minutes.size(); ++m) {
    normal_requests += impact.minutes[m].requests;
    normal_bad += impact.minutes[m].bad;
  }
  // Without a minute before the onset, half the SLO's allowance is normal.
  impact.normal_bad_ratio =
      normal_requests > 0 ? normal_bad / normal_requests : (1 - slo.objective) / 2;

  std::optional<std::size_t> first, last;
  for (std::size_t m = 0; m < impact.minutes.size(); ++m) {
    ImpactMinute& minute = impact.minutes[m];
    impact.requests += minute.requests;
    impact.bad += minute.bad;
    if (m < onset_minute) continue;
    const double expected = impact.normal_bad_ratio * minute.requests;
    impact.excess_bad += minute.bad - expected;
    minute.hurt = minute.bad > 3 * expected + 5 * std::sqrt(expected) + 10;
    if (!minute.hurt) continue;
    ++impact.hurt_minutes;
    if (!first) first = m;
    if (last) impact.longest_lull = std::max(impact.longest_lull, m - *last - 1);
    last = m;
  }
  impact.excess_bad = std::max(0.0, impact.excess_bad);

  // Over only after a quiet stretch longer than any lull of the incident
  // itself: a leak that OOM-kills every ten minutes is not over after five
  // quiet ones.
  constexpr std::size_t kQuietMinutes = 5;
  if (first) {
    impact.first_hurt = static_cast<SimTime>(*first) * kMinute;
    const std::size_t quiet = std::max(kQuietMinutes, impact.longest_lull + 1);
    if (*last + 1 + quiet <= impact.minutes.size()) {
      impact.impact_end = static_cast<SimTime>(*last + 1) * kMinute;
    }
  } else if (onset_minute + kQuietMinutes <= impact.minutes.size()) {
    impact.impact_end = onset;  // nobody was hurt
  }

  const double seconds = to_seconds(static_cast<SimTime>(impact.minutes.size()) * kMinute);
  if (seconds > 0 && impact.requests > 0) {
    const double window_requests = impact.requests / seconds * to_seconds(slo.window);
    impact.budget = (1 - slo.objective) * window_requests;
    impact.budget_burned = impact.budget > 0 ? impact.bad / impact.budget : 0;
    impact.breached = impact.bad / impact.requests > 1 - slo.objective;
  }
  return impact;
}

}  // namespace firedrill
