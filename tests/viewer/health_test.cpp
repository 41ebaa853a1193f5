// A service's health state at a scrape, worst cause first.
#include <catch2/catch.hpp>

#include <cmath>

#include "viewer/replay/health.h"

using namespace firedrill::viewer;

namespace {

// One scrape of a service with these values.
ServiceSeries one_scrape(float up, float desired, float error_ratio, float saturation) {
  ServiceSeries s;
  s.name = "checkout";
  s.replicas_up = {up};
  s.replicas_desired = {desired};
  s.error_ratio = {error_ratio};
  s.saturation = {saturation};
  return s;
}

}  // namespace

TEST_CASE("health states follow the documented thresholds", "[viewer][health]") {
  CHECK(health_at(one_scrape(3, 3, 0.0f, 0.4f), 0).state == HealthState::kHealthy);
  CHECK(health_at(one_scrape(3, 3, 0.02f, 0.4f), 0).state == HealthState::kDegraded);
  CHECK(health_at(one_scrape(3, 3, 0.05f, 0.4f), 0).state == HealthState::kFailing);
  CHECK(health_at(one_scrape(2, 3, 0.0f, 0.4f), 0).state == HealthState::kDegraded);
  CHECK(health_at(one_scrape(1, 3, 0.0f, 0.4f), 0).state == HealthState::kFailing);
  CHECK(health_at(one_scrape(0, 3, NAN, NAN), 0).state == HealthState::kDown);
  CHECK(health_at(one_scrape(3, 3, 0.0f, 0.95f), 0).state == HealthState::kDegraded);
  // Nothing answered yet: no error ratio, still healthy if the replicas are up.
  CHECK(health_at(one_scrape(3, 3, NAN, 0.1f), 0).state == HealthState::kHealthy);
}

TEST_CASE("health says why", "[viewer][health]") {
  CHECK(health_at(one_scrape(3, 3, 0.125f, 0.4f), 0).reason == "12.5% errors");
  CHECK(health_at(one_scrape(0, 3, NAN, NAN), 0).reason == "0/3 replicas up");
  CHECK(health_at(one_scrape(3, 3, 0.0f, 0.97f), 0).reason == "97% busy");
  CHECK(health_at(one_scrape(3, 3, 0.0f, 0.2f), 0).reason == "ok");
}

TEST_CASE("a scrape with no data has no state", "[viewer][health]") {
  CHECK(health_at(one_scrape(NAN, NAN, NAN, NAN), 0).state == HealthState::kNoData);
  CHECK(health_at(one_scrape(3, 3, 0, 0), 5).state == HealthState::kNoData);
}

TEST_CASE("health colours are opaque and distinct", "[viewer][health]") {
  const auto healthy = health_color(HealthState::kHealthy);
  const auto failing = health_color(HealthState::kFailing);
  CHECK((healthy >> 24) == 0xFFu);
  CHECK(healthy != failing);
  CHECK(health_color(HealthState::kDegraded) != failing);
  const Rgb red = health_rgb(HealthState::kFailing);
  CHECK((failing & 0xFFu) == red.r);
  CHECK(((failing >> 16) & 0xFFu) == red.b);
}
