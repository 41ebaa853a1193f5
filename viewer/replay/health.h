// How healthy a service looks at a scrape, as the graph colours it: one of a
// few states a facilitator reads at a glance, and why. The colours are part
// of the contract (the screenshot tests look for them), so they live here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "viewer/replay/service_series.h"

namespace firedrill::viewer {

enum class HealthState {
  kNoData,    // nothing recorded yet (the first scrape)
  kHealthy,   // answering, few errors, room to spare
  kDegraded,  // errors >= 1%, a replica missing, or saturated (>= 90% busy)
  kFailing,   // errors >= 5%, or fewer than half its replicas up
  kDown,      // no replica taking traffic
};

// "no data", "healthy", "degraded", "failing", "down".
const char* health_state_name(HealthState state);

// Error ratios at or above these make a service degraded / failing.
inline constexpr float kDegradedErrorRatio = 0.01f;
inline constexpr float kFailingErrorRatio = 0.05f;
// Saturation at or above this makes a service degraded.
inline constexpr float kSaturatedRatio = 0.9f;

struct Health {
  HealthState state = HealthState::kNoData;
  float error_ratio = 0;  // NaN when nothing was answered
  float saturation = 0;   // NaN when no replica is up
  int replicas_up = 0;
  int replicas_desired = 0;
  std::string reason;  // "12% errors", "0/3 replicas up", "95% busy", "ok"
};

// The health of `service` at scrape index `k`.
Health health_at(const ServiceSeries& service, std::size_t k);

// A colour as 0xAABBGGRR (ImGui's ImU32 layout), and as bytes for tests.
struct Rgb {
  std::uint8_t r, g, b;
};
Rgb health_rgb(HealthState state);
std::uint32_t health_color(HealthState state);  // opaque, ImU32 layout

}  // namespace firedrill::viewer
