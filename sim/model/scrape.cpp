// The metric series the model exposes, and their sampling at every
// scrape_interval. Names and labels follow Prometheus conventions; the list is
// documented in docs/scenario-format.md ("Metrics").
#include <cstdio>

#include "sim/model/engine.h"

namespace firedrill {
namespace {

// Prometheus' formatting of bucket bounds: "0.005", "1", "2.5", "+Inf".
std::string le_label(double bound) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", bound);
  return buf;
}

}  // namespace

void Engine::create_series() {
  for (ServiceState& s : services_) {
    const std::string& name = s.spec->name;
    for (int c = 0; c < kCodeCount; ++c) {
      s.requests_series[c] = metrics_.intern(
          "requests_total", {{"service", name}, {"code", code_name(static_cast<Code>(c))}});
    }
    for (std::size_t b = 0; b <= kDurationBuckets.size(); ++b) {
      const std::string le = b < kDurationBuckets.size() ? le_label(kDurationBuckets[b]) : "+Inf";
      s.bucket_series[b] =
          metrics_.intern("request_duration_seconds_bucket", {{"service", name}, {"le", le}});
    }
    s.duration_sum_series = metrics_.intern("request_duration_seconds_sum", {{"service", name}});
    s.duration_count_series =
        metrics_.intern("request_duration_seconds_count", {{"service", name}});
    s.inflight_series = metrics_.intern("inflight_requests", {{"service", name}});
    s.queue_series = metrics_.intern("queue_depth", {{"service", name}});
    s.cpu_series = metrics_.intern("cpu_utilization", {{"service", name}});
    s.up_series = metrics_.intern("replicas_up", {{"service", name}});
    s.desired_series = metrics_.intern("replicas_desired", {{"service", name}});
    if (s.spec->memory.limit > 0) {
      s.memory_limit_series = metrics_.intern("memory_limit_bytes", {{"service", name}});
    }
    s.restarts_series = metrics_.intern("restarts_total", {{"service", name}});
    s.oom_series = metrics_.intern("oom_kills_total", {{"service", name}});
    s.degraded_series = metrics_.intern("degraded_responses_total", {{"service", name}});
    for (std::uint32_t replica : s.replicas) {
      replicas_[replica].memory_series = metrics_.intern(
          "memory_bytes", {{"service", name}, {"instance", replicas_[replica].instance}});
    }
  }
  for (Link& link : links_) {
    for (int o = 0; o < kOutcomeCount; ++o) {
      link.series[o] =
          metrics_.intern("calls_total", {{"from", link.from},
                                          {"to", link.to},
                                          {"outcome", outcome_name(static_cast<Outcome>(o))}});
    }
  }
}

void Engine::scrape() {
  const SimTime t = now();
  for (ServiceState& s : services_) {
    std::int64_t total = 0;
    for (int c = 0; c < kCodeCount; ++c) {
      metrics_.append(s.requests_series[c], t, static_cast<double>(s.by_code[c]));
      total += s.by_code[c];
    }
    std::int64_t cumulative = 0;
    for (std::size_t b = 0; b < s.bucket_series.size(); ++b) {
      cumulative += s.bucket_counts[b];
      metrics_.append(s.bucket_series[b], t, static_cast<double>(cumulative));
    }
    metrics_.append(s.duration_sum_series, t, s.duration_sum);
    metrics_.append(s.duration_count_series, t, static_cast<double>(total));

    int busy = 0, queued = 0;
    for (std::uint32_t replica : s.replicas) {
      const Replica& r = replicas_[replica];
      busy += r.busy;
      queued += static_cast<int>(r.queue.size());
      // A replica that is down is not scraped: its series goes stale.
      if (r.up) {
        metrics_.append(r.memory_series, t, memory_now(r));
      } else {
        metrics_.mark_stale(r.memory_series, t);
      }
    }
    // Replicas removed by scaling down are not scraped any more.
    for (std::uint32_t replica : s.retired) {
      metrics_.mark_stale(replicas_[replica].memory_series, t);
    }
    metrics_.append(s.inflight_series, t, busy);
    metrics_.append(s.queue_series, t, queued);

    update_integrals(s);
    const double busy_delta = s.busy_integral - s.busy_at_scrape;
    const double capacity_delta = s.capacity_integral - s.capacity_at_scrape;
    metrics_.append(s.cpu_series, t, capacity_delta > 0 ? busy_delta / capacity_delta : 0.0);
    s.busy_at_scrape = s.busy_integral;
    s.capacity_at_scrape = s.capacity_integral;

    metrics_.append(s.up_series, t, s.up);
    metrics_.append(s.desired_series, t, static_cast<double>(s.replicas.size()));
    if (s.memory_limit_series) {
      metrics_.append(*s.memory_limit_series, t, static_cast<double>(s.spec->memory.limit));
    }
    metrics_.append(s.restarts_series, t, static_cast<double>(s.restarts));
    metrics_.append(s.oom_series, t, static_cast<double>(s.oom_kills));
    metrics_.append(s.degraded_series, t, static_cast<double>(s.degraded));
  }
  for (const Link& link : links_) {
    for (int o = 0; o < kOutcomeCount; ++o) {
      metrics_.append(link.series[o], t, static_cast<double>(link.outcomes[o]));
    }
  }
}

}  // namespace firedrill
