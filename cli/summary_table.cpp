#include "cli/summary_table.h"

#include <fmt/core.h>

namespace firedrill::cli {
namespace {

// A value with three significant figures, never in exponent notation:
// "8.25", "36.5", "251", "1234".
std::string three_figures(double v) {
  if (v < 9.995) return fmt::format("{:.2f}", v);
  if (v < 99.95) return fmt::format("{:.1f}", v);
  return fmt::format("{:.0f}", v);
}

// "850us", "12.3ms", "251ms", "1.20s", "75.0s", "3600s".
std::string short_duration(SimTime t) {
  if (t < kMillisecond) return fmt::format("{}us", t);
  const double ms = static_cast<double>(t) / kMillisecond;
  if (ms < 999.5) return three_figures(ms) + "ms";
  return three_figures(to_seconds(t)) + "s";
}

}  // namespace

void print_summary_table(std::FILE* out, const std::vector<ServiceSummary>& summary) {
  std::size_t width = 7;
  for (const auto& s : summary) width = std::max(width, s.service.size());
  fmt::print(out, "{:<{}}  {:>9}  {:>8}  {:>8}  {:>8}  {:>9}  {:>8}\n", "service", width, "req/s",
             "errors", "p50", "p99", "OOM kills", "restarts");
  for (const auto& s : summary) {
    fmt::print(out, "{:<{}}  {:>9.1f}  {:>7.2f}%  {:>8}  {:>8}  {:>9}  {:>8}\n", s.service, width,
               s.requests_per_second, 100.0 * s.error_ratio(), short_duration(s.p50),
               short_duration(s.p99), s.oom_kills, s.restarts);
  }
}

nlohmann::ordered_json summary_json(const std::vector<ServiceSummary>& summary) {
  auto rows = nlohmann::ordered_json::array();
  for (const auto& s : summary) {
    rows.push_back({{"service", s.service},
                    {"requests", s.requests},
                    {"errors", s.errors},
                    {"requests_per_second", s.requests_per_second},
                    {"error_ratio", s.error_ratio()},
                    {"p50_seconds", to_seconds(s.p50)},
                    {"p99_seconds", to_seconds(s.p99)},
                    {"oom_kills", s.oom_kills},
                    {"restarts", s.restarts}});
  }
  return rows;
}

}  // namespace firedrill::cli
