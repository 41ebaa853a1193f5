// derive_series: counters become windowed rates and ratios, gauges are placed
// on the scrape grid, histograms become p99s, all in one pass per series.
#include "viewer/replay/service_series.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <string_view>
#include <utility>

namespace firedrill::viewer {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Samples of one series placed on the scrape grid. Counters carry their last
// value forward (a series that does not exist yet counted 0) and are made
// monotonic across resets; gauges are NaN
// where the series was not scraped (a replica down, a stale marker).
std::vector<double> on_grid(const Series& series, SimTime step, std::size_t scrapes, bool counter) {
  std::vector<double> out(scrapes, counter ? 0.0 : std::nan(""));
  std::size_t next = 0;  // first grid index not yet filled (counters)
  double last = 0;       // counters: the last value, made monotonic
  double raw_last = 0;   // counters: the last value as recorded
  double offset = 0;     // counters: the sum of values before each reset
  for (const Sample& sample : series.samples) {
    if (sample.time < 0 || sample.time % step != 0) continue;
    const auto k = static_cast<std::size_t>(sample.time / step);
    if (k >= scrapes) break;
    if (!std::isfinite(sample.value) && !is_stale_marker(sample.value)) continue;  // damaged
    if (counter) {
      for (; next < k; ++next) out[next] = last;
      if (!is_stale_marker(sample.value)) {
        // A counter that went down was reset (Prometheus' rule): what it
        // had counted carries on under the new count.
        if (sample.value < raw_last) offset += raw_last;
        raw_last = sample.value;
        last = offset + sample.value;
      }
      out[k] = last;
      next = k + 1;
    } else if (!is_stale_marker(sample.value)) {
      out[k] = sample.value;
    }
  }
  if (counter) {
    for (; next < scrapes; ++next) out[next] = last;
  }
  return out;
}

void add_into(std::vector<double>& total, const std::vector<double>& part) {
  for (std::size_t k = 0; k < total.size(); ++k) total[k] += part[k];
}

// Increase of a cumulative counter over the window ending at k, and the
// window's length in scrapes (shorter at the start of the run; 0 at k = 0).
std::size_t window_at(std::size_t k, std::size_t window) {
  return std::min(k, window);
}

double increase(const std::vector<double>& cumulative, std::size_t k, std::size_t window) {
  const std::size_t w = window_at(k, window);
  return w == 0 ? 0.0 : cumulative[k] - cumulative[k - w];
}

// Prometheus' histogram_quantile over bucket increases (upper bounds sorted,
// +Inf last): linear interpolation inside the bucket holding the rank; a rank
// in the +Inf bucket answers the largest finite bound.
double bucket_quantile(double q, const std::vector<std::pair<double, double>>& buckets) {
  if (buckets.size() < 2) return std::nan("");
  const double total = buckets.back().second;
  if (!(total > 0)) return std::nan("");
  const double rank = q * total;
  std::size_t b = 0;
  while (b + 1 < buckets.size() && buckets[b].second < rank) ++b;
  if (b == buckets.size() - 1) return buckets[buckets.size() - 2].first;
  const double lower_bound = b == 0 ? 0.0 : buckets[b - 1].first;
  const double lower_count = b == 0 ? 0.0 : buckets[b - 1].second;
  const double in_bucket = buckets[b].second - lower_count;
  if (in_bucket <= 0) return buckets[b].first;
  return lower_bound + (buckets[b].first - lower_bound) * (rank - lower_count) / in_bucket;
}

double parse_le(std::string_view text) {
  if (text == "+Inf") return std::numeric_limits<double>::infinity();
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// Accumulators for one service while the series are read.
struct ServiceSums {
  std::vector<double> answers, errors;            // cumulative counters
  std::map<double, std::vector<double>> buckets;  // le -> cumulative counter
  std::vector<double> memory_max, memory_limit, cpu, up, desired, inflight, queued;
};

std::vector<float> to_float(const std::vector<double>& values) {
  std::vector<float> out(values.size());
  std::transform(values.begin(), values.end(), out.begin(),
                 [](double v) { return static_cast<float>(v); });
  return out;
}

void max_into(std::vector<double>& into, const std::vector<double>& part) {
  for (std::size_t k = 0; k < into.size(); ++k) {
    if (std::isnan(part[k])) continue;
    into[k] = std::isnan(into[k]) ? part[k] : std::max(into[k], part[k]);
  }
}

}  // namespace

std::size_t RunSeries::index_at(SimTime t) const {
  if (scrapes == 0 || step <= 0 || t <= 0) return 0;
  return std::min(static_cast<std::size_t>(t / step), scrapes - 1);
}

RunSeries derive_series(const MetricStore& metrics, const std::vector<ServiceSpec>& services,
                        SimTime step, SimTime end, SimTime rate_window) {
  RunSeries run;
  run.step = step > 0 ? step : 15 * kSecond;
  run.scrapes = end >= 0 ? static_cast<std::size_t>(end / run.step) + 1 : 1;
  const std::size_t window =
      std::max<std::size_t>(1, static_cast<std::size_t>(rate_window / run.step));
  run.rate_window = static_cast<SimTime>(window) * run.step;
  const std::size_t n = run.scrapes;

  std::map<std::string, std::size_t, std::less<>> index_of;
  for (std::size_t i = 0; i < services.size(); ++i) index_of.emplace(services[i].name, i);
  const std::vector<double> zeros(n, 0.0), nans(n, std::nan(""));
  std::vector<ServiceSums> sums(
      services.size(), ServiceSums{zeros, zeros, {}, nans, nans, nans, nans, nans, nans, nans});
  auto service_of = [&](const Series& series) -> ServiceSums* {
    auto it = index_of.find(series.label("service"));
    return it == index_of.end() ? nullptr : &sums[it->second];
  };
  auto each = [&](std::string_view name, auto&& fn) {
    for (SeriesId id : metrics.with_name(name)) fn(metrics.series(id));
  };

  each("requests_total", [&](const Series& s) {
    ServiceSums* sum = service_of(s);
    if (sum == nullptr) return;
    const std::vector<double> counts = on_grid(s, run.step, n, true);
    add_into(sum->answers, counts);
    if (s.label("code").starts_with("5")) add_into(sum->errors, counts);
  });
  each("request_duration_seconds_bucket", [&](const Series& s) {
    ServiceSums* sum = service_of(s);
    if (sum == nullptr) return;
    auto [it, fresh] = sum->buckets.try_emplace(parse_le(s.label("le")), zeros);
    add_into(it->second, on_grid(s, run.step, n, true));
  });
  each("memory_bytes", [&](const Series& s) {
    if (ServiceSums* sum = service_of(s)) max_into(sum->memory_max, on_grid(s, run.step, n, false));
  });
  auto gauge = [&](std::string_view name, std::vector<double> ServiceSums::*field) {
    each(name, [&](const Series& s) {
      if (ServiceSums* sum = service_of(s)) max_into(sum->*field, on_grid(s, run.step, n, false));
    });
  };
  gauge("memory_limit_bytes", &ServiceSums::memory_limit);
  gauge("cpu_utilization", &ServiceSums::cpu);
  gauge("replicas_up", &ServiceSums::up);
  gauge("replicas_desired", &ServiceSums::desired);
  gauge("inflight_requests", &ServiceSums::inflight);
  gauge("queue_depth", &ServiceSums::queued);

  run.services.reserve(services.size());
  for (std::size_t i = 0; i < services.size(); ++i) {
    const ServiceSums& sum = sums[i];
    ServiceSeries out;
    out.name = services[i].name;
    out.request_rate.assign(n, kNaN);
    out.error_ratio.assign(n, kNaN);
    out.p99_seconds.assign(n, kNaN);
    out.saturation.assign(n, kNaN);
    std::vector<std::pair<double, double>> buckets(sum.buckets.size());
    for (std::size_t k = 1; k < n; ++k) {
      const double seconds = to_seconds(static_cast<SimTime>(window_at(k, window)) * run.step);
      const double answers = increase(sum.answers, k, window);
      out.request_rate[k] = static_cast<float>(answers / seconds);
      if (answers > 0) {
        out.error_ratio[k] = static_cast<float>(increase(sum.errors, k, window) / answers);
      }
      std::size_t b = 0;
      for (const auto& [le, counts] : sum.buckets) buckets[b++] = {le, increase(counts, k, window)};
      out.p99_seconds[k] = static_cast<float>(bucket_quantile(0.99, buckets));
    }
    const double workers = services[i].workers;
    for (std::size_t k = 0; k < n; ++k) {
      const double capacity = sum.up[k] * workers;
      if (capacity > 0 && !std::isnan(sum.inflight[k])) {
        const double queued = std::isnan(sum.queued[k]) ? 0.0 : sum.queued[k];
        out.saturation[k] = static_cast<float>((sum.inflight[k] + queued) / capacity);
      }
    }
    out.memory_bytes = to_float(sum.memory_max);
    out.memory_limit = to_float(sum.memory_limit);
    out.cpu = to_float(sum.cpu);
    out.replicas_up = to_float(sum.up);
    out.replicas_desired = to_float(sum.desired);
    run.services.push_back(std::move(out));
  }

  // Edges in topology order, one per (from, to) pair.
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> edge_of;
  std::vector<std::vector<double>> attempts, failures;
  for (std::size_t i = 0; i < services.size(); ++i) {
    for (const CallSpec& call : services[i].calls) {
      auto [it, fresh] = edge_of.try_emplace({i, call.to_index}, run.edges.size());
      if (!fresh) continue;
      EdgeSeries edge;
      edge.from = i;
      edge.to = call.to_index;
      run.edges.push_back(std::move(edge));
      attempts.push_back(zeros);
      failures.push_back(zeros);
    }
  }
  each("calls_total", [&](const Series& s) {
    auto from = index_of.find(s.label("from"));
    auto to = index_of.find(s.label("to"));
    if (from == index_of.end() || to == index_of.end()) return;
    auto it = edge_of.find({from->second, to->second});
    if (it == edge_of.end()) return;
    const std::vector<double> counts = on_grid(s, run.step, n, true);
    add_into(attempts[it->second], counts);
    if (s.label("outcome") != "ok") add_into(failures[it->second], counts);
  });
  for (std::size_t e = 0; e < run.edges.size(); ++e) {
    EdgeSeries& edge = run.edges[e];
    edge.call_rate.assign(n, kNaN);
    edge.failure_ratio.assign(n, kNaN);
    for (std::size_t k = 1; k < n; ++k) {
      const double seconds = to_seconds(static_cast<SimTime>(window_at(k, window)) * run.step);
      const double calls = increase(attempts[e], k, window);
      edge.call_rate[k] = static_cast<float>(calls / seconds);
      if (calls > 0)
        edge.failure_ratio[k] = static_cast<float>(increase(failures[e], k, window) / calls);
    }
  }
  return run;
}

}  // namespace firedrill::viewer
