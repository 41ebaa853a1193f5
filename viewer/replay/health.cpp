// health_at: the thresholds of a service's state, worst first.
#include "viewer/replay/health.h"

#include <fmt/core.h>
#include <cmath>

namespace firedrill::viewer {

const char* health_state_name(HealthState state) {
  switch (state) {
    case HealthState::kNoData:
      return "no data";
    case HealthState::kHealthy:
      return "healthy";
    case HealthState::kDegraded:
      return "degraded";
    case HealthState::kFailing:
      return "failing";
    case HealthState::kDown:
      return "down";
  }
  return "?";
}

Health health_at(const ServiceSeries& service, std::size_t k) {
  Health h;
  if (k >= service.replicas_up.size()) return h;
  const float up = service.replicas_up[k];
  const float desired = service.replicas_desired[k];
  h.error_ratio = k < service.error_ratio.size() ? service.error_ratio[k] : NAN;
  h.saturation = k < service.saturation.size() ? service.saturation[k] : NAN;
  if (!std::isfinite(up)) return h;
  h.replicas_up = static_cast<int>(up);
  h.replicas_desired = std::isfinite(desired) ? static_cast<int>(desired) : h.replicas_up;
  const bool have_errors = !std::isnan(h.error_ratio);
  const std::string replicas = fmt::format("{}/{} replicas up", h.replicas_up, h.replicas_desired);
  const std::string errors =
      have_errors ? fmt::format("{:.1f}% errors", 100.0 * h.error_ratio) : std::string();

  if (h.replicas_up == 0 && h.replicas_desired > 0) {
    h.state = HealthState::kDown;
    h.reason = replicas;
  } else if (have_errors && h.error_ratio >= kFailingErrorRatio) {
    h.state = HealthState::kFailing;
    h.reason = errors;
  } else if (2 * h.replicas_up < h.replicas_desired) {
    h.state = HealthState::kFailing;
    h.reason = replicas;
  } else if (have_errors && h.error_ratio >= kDegradedErrorRatio) {
    h.state = HealthState::kDegraded;
    h.reason = errors;
  } else if (h.replicas_up < h.replicas_desired) {
    h.state = HealthState::kDegraded;
    h.reason = replicas;
  } else if (!std::isnan(h.saturation) && h.saturation >= kSaturatedRatio) {
    h.state = HealthState::kDegraded;
    h.reason = fmt::format("{:.0f}% busy", 100.0 * h.saturation);
  } else {
    h.state = HealthState::kHealthy;
    h.reason = "ok";
  }
  return h;
}

Rgb health_rgb(HealthState state) {
  switch (state) {
    case HealthState::kNoData:
      return {110, 110, 120};
    case HealthState::kHealthy:
      return {46, 160, 67};
    case HealthState::kDegraded:
      return {230, 160, 20};
    case HealthState::kFailing:
      return {215, 45, 45};
    case HealthState::kDown:
      return {215, 45, 45};  // failing's fill; the graph adds a dark ring
  }
  return {255, 0, 255};
}

std::uint32_t health_color(HealthState state) {
  const Rgb c = health_rgb(state);
  return 0xFF000000u | (static_cast<std::uint32_t>(c.b) << 16) |
         (static_cast<std::uint32_t>(c.g) << 8) | c.r;
}

}  // namespace firedrill::viewer
