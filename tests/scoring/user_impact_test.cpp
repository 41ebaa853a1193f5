// What users felt, from a run's counters: hurt minutes, when the impact
// ended, the error budget.
#include <catch2/catch.hpp>

#include "scoring/user_impact.h"
#include "scoring_fixture.h"

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("minutes well above the normal failure rate are hurt", "[scoring]") {
  FakeRun run;
  std::vector<double> bad(60, 1.0);
  bad[10] = 5;   // noise: within chance of the normal rate
  bad[20] = 40;  // hurt
  bad[21] = 40;
  run.traffic(600, bad);
  const UserImpact impact = measure_user_impact(run.view(), run.scenario.scoring.slo, 10 * kMinute);
  CHECK(impact.normal_bad_ratio == Approx(1.0 / 600));
  CHECK(impact.hurt_minutes == 2);
  CHECK(impact.first_hurt == 20 * kMinute);
  CHECK(impact.impact_end == 22 * kMinute);
  CHECK(impact.minutes.size() == 60);
  CHECK_FALSE(impact.minutes[10].hurt);
}

TEST_CASE("impact in bursts is over only after a lull longer than the incident's own",
          "[scoring]") {
  FakeRun run;
  std::vector<double> bad(60, 1.0);
  for (int m : {10, 20, 30, 40, 50}) bad[static_cast<std::size_t>(m)] = 100;
  run.traffic(600, bad);
  UserImpact impact = measure_user_impact(run.view(), run.scenario.scoring.slo, 10 * kMinute);
  CHECK(impact.hurt_minutes == 5);
  CHECK_FALSE(impact.impact_end);  // 9 quiet minutes at the end, as between bursts

  FakeRun early;
  bad = std::vector<double>(60, 1.0);
  for (int m : {10, 20, 30}) bad[static_cast<std::size_t>(m)] = 100;
  early.traffic(600, bad);
  impact = measure_user_impact(early.view(), early.scenario.scoring.slo, 10 * kMinute);
  CHECK(impact.impact_end == 31 * kMinute);
}

TEST_CASE("the error budget is the SLO's allowance over its window at the run's traffic",
          "[scoring]") {
  FakeRun run;
  run.traffic(1000, {}, 0.5);  // 0.05% fail, under 99.9%
  const SloSpec& slo = run.scenario.scoring.slo;
  CHECK(slo.service == "web");
  CHECK(slo.objective == Approx(0.999));
  const UserImpact impact = measure_user_impact(run.view(), slo, 10 * kMinute);
  CHECK(impact.requests == Approx(60000));
  CHECK(impact.bad == Approx(30));
  // 30 days of 1000 requests a minute, 0.1% of them allowed to fail.
  CHECK(impact.budget == Approx(0.001 * 1000 * 60 * 24 * 30));
  CHECK(impact.budget_burned == Approx(30 / impact.budget));
  CHECK_FALSE(impact.breached);
  CHECK(impact.hurt_minutes == 0);
  CHECK(impact.impact_end == 10 * kMinute);  // nobody was hurt
}

TEST_CASE("a latency objective counts slow answers as bad", "[scoring]") {
  FakeRun run("scoring:\n  slo: {objective: 90%, latency: 250ms}\n");
  const SeriesId ok = run.metrics.intern("requests_total", {{"service", "web"}, {"code", "200"}});
  const SeriesId fast =
      run.metrics.intern("request_duration_seconds_bucket", {{"service", "web"}, {"le", "0.25"}});
  for (SimTime m = 0; m <= 60; ++m) {
    run.metrics.append(ok, m * kMinute, 100.0 * static_cast<double>(m));
    // Every answer fast until 30m, then only 60 of 100.
    const double fast_answers = m <= 30 ? 100.0 * m : 3000.0 + 60.0 * (m - 30);
    run.metrics.append(fast, m * kMinute, fast_answers);
  }
  const UserImpact impact = measure_user_impact(run.view(), run.scenario.scoring.slo, 30 * kMinute);
  CHECK(impact.bad == Approx(30 * 40));
  CHECK(impact.first_hurt == 30 * kMinute);
  CHECK(impact.breached);  // 1200 of 6000: 20% slow, objective 90%
}

TEST_CASE("requests the service never answered count as bad", "[scoring]") {
  FakeRun run;
  run.traffic(600, {});
  // web is down from 20m: users' requests are refused at the door, which
  // web's own counters cannot see.
  const SeriesId refused = run.metrics.intern(
      "calls_total", {{"from", "ingress"}, {"to", "web"}, {"outcome", "refused"}});
  for (SimTime m = 0; m <= 60; ++m) {
    run.metrics.append(refused, m * kMinute, m <= 20 ? 0.0 : 500.0 * static_cast<double>(m - 20));
  }
  const UserImpact impact = measure_user_impact(run.view(), run.scenario.scoring.slo, 20 * kMinute);
  CHECK(impact.first_hurt == 20 * kMinute);
  CHECK(impact.bad == Approx(60 * 1 + 40 * 500));
  CHECK(impact.requests == Approx(60 * 600 + 40 * 500));
  CHECK_FALSE(impact.impact_end);
}
