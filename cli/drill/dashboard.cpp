// Dashboard panels: PromQL queries sampled across the window, drawn as
// sparklines with the latest value beside them.
#include "cli/drill/dashboard.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string_view>

#include "cli/drill/views.h"
#include "sim/promql/evaluator.h"
#include "sim/promql/parser.h"

namespace firedrill::cli::drill {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One panel: a query and how to scale and show it.
struct Panel {
  std::string title;
  std::string query;
  double floor_of_hi = 0;  // the full bar is at least this (a 0.1% error rate is no spike)
  double fixed_hi = 0;     // if > 0, the full bar is exactly this (a memory limit)
  std::string (*format)(double) = nullptr;
};

// The value of a query's result: the first element of a vector, a scalar,
// NaN when empty or failing (no traffic yet, a replica down).
double sample(const promql::Expr& expr, const MetricStore& store, SimTime t) {
  if (t < 0) return kNaN;
  try {
    const promql::Value v = promql::evaluate(expr, store, t);
    if (v.type == promql::ValueType::kScalar) return v.scalar;
    if (v.type == promql::ValueType::kInstantVector && !v.vector.empty()) {
      return v.vector.front().value;
    }
  } catch (const std::exception&) {
    // Shown as a gap: a panel that cannot be computed is not the trainee's error.
  }
  return kNaN;
}

std::string format_percent(double fraction) {
  return fmt::format("{:.0f}%", fraction * 100);
}

std::string format_count(double n) {
  return fmt::format("{:.0f}", n);
}

}  // namespace

std::string sparkline(const std::vector<double>& values, double lo, double hi, bool unicode) {
  static constexpr std::array<std::string_view, 8> kBlocks = {"▁", "▂", "▃", "▄",
                                                              "▅", "▆", "▇", "█"};
  static constexpr std::string_view kAscii = "_.,-=+*#";
  std::string out;
  for (double v : values) {
    if (std::isnan(v)) {
      out += ' ';
      continue;
    }
    int level = 0;
    if (hi > lo) {
      level = static_cast<int>(std::floor((v - lo) / (hi - lo) * 7 + 0.5));
    } else if (v > lo) {
      level = 7;
    }
    level = std::clamp(level, 0, 7);
    if (unicode) {
      out += kBlocks[static_cast<std::size_t>(level)];
    } else {
      out += kAscii[static_cast<std::size_t>(level)];
    }
  }
  return out;
}

std::string format_rate(double per_second) {
  if (std::isnan(per_second)) return "-";
  if (per_second >= 100 || per_second == 0) return fmt::format("{:.0f}/s", per_second);
  return fmt::format("{:.3g}/s", per_second);
}

std::string format_ratio(double ratio) {
  if (std::isnan(ratio)) return "-";
  if (ratio == 0) return "0%";
  if (ratio < 0.0001) return "<0.01%";
  return fmt::format("{:.2f}%", ratio * 100);
}

std::string format_latency(double seconds) {
  if (std::isnan(seconds)) return "-";
  if (std::isinf(seconds)) return "+Inf";
  if (seconds >= 1) return fmt::format("{:.2f}s", seconds);
  return fmt::format("{:.0f}ms", seconds * 1000);
}

std::string format_memory(double bytes) {
  if (std::isnan(bytes)) return "-";
  constexpr double kMiB = 1024.0 * 1024;
  if (bytes >= 1024 * kMiB) return fmt::format("{:.2f}GiB", bytes / (1024 * kMiB));
  return fmt::format("{:.0f}MiB", bytes / kMiB);
}

Lines dashboard(const Simulation& sim, const Scenario& scenario, ServiceIndex service,
                const Style& style, const DashboardOptions& options) {
  const ServiceSpec& spec = scenario.services[service];
  const std::string sel = "{service=\"" + spec.name + "\"}";
  const std::string errors_sel = "{service=\"" + spec.name + "\",code=~\"5..\"}";
  const double limit = static_cast<double>(spec.memory.limit);
  std::vector<Panel> panels = {
      {"requests", "sum(rate(requests_total" + sel + "[1m]))", 1, 0, &format_rate},
      {"errors",
       "sum(rate(requests_total" + errors_sel + "[1m])) / sum(rate(requests_total" + sel + "[1m]))",
       0.05, 0, &format_ratio},
      {"p99 latency",
       "histogram_quantile(0.99, sum by (le) (rate(request_duration_seconds_bucket" + sel +
           "[1m])))",
       0.1, 0, &format_latency},
      {"memory (max)", "max(memory_bytes" + sel + ")", 0, limit, &format_memory},
      {"cpu", "max(cpu_utilization" + sel + ")", 0, 1, &format_percent},
      {"replicas up", "sum(replicas_up" + sel + ")", 0, 0, &format_count},
  };

  const SimTime now = sim.now();
  const int points = std::max(2, options.points);
  const SimTime step = options.window / points;
  Lines out;
  out.push_back(
      {Tone::kHeading, fmt::format("{} — last {} to {} (one mark per {})", spec.name,
                                   format_duration(options.window),
                                   clock_text(now, options.start_of_day), format_duration(step))});
  for (const Panel& panel : panels) {
    std::vector<double> values;
    const promql::ExprPtr expr = promql::parse_expr(panel.query);
    for (int i = 0; i < points; ++i) {
      values.push_back(sample(*expr, sim.metrics(), now - (points - 1 - i) * step));
    }
    double hi = panel.fixed_hi;
    if (hi <= 0) {
      hi = panel.floor_of_hi;
      for (double v : values) {
        if (!std::isnan(v) && !std::isinf(v)) hi = std::max(hi, v);
      }
    }
    std::string current = panel.format(values.back());
    if (panel.title == "memory (max)" && limit > 0) current += " of " + format_memory(limit);
    if (panel.title == "replicas up")
      current += " of " + std::to_string(sim.replica_count(service));
    out.push_back({Tone::kPlain, fmt::format("  {:<13} {}  {}", panel.title,
                                             sparkline(values, 0, hi, style.unicode), current)});
  }
  // The replicas now, as `kubectl get pods` would list them.
  std::string pods = "  now:";
  for (int ordinal = 0; ordinal < sim.replica_count(service); ++ordinal) {
    const ReplicaStatus r = sim.replica(service, ordinal);
    pods += fmt::format("  {} {}", r.instance,
                        r.up ? format_memory(r.memory_bytes) : std::string("down"));
    if (r.restarts > 0) pods += fmt::format(" ({} restarts)", r.restarts);
  }
  out.push_back({Tone::kDim, pods});
  return out;
}

}  // namespace firedrill::cli::drill
