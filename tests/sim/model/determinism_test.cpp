// Same scenario, same seed: the same run, to the last sample. (The
// cross-process, byte-for-byte check of recordings is in tests/cli.)
#include <catch2/catch.hpp>

#include "scenario_builder.h"
#include "sim/model/simulation.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

Scenario small_graph() {
  Scenario s = make_scenario(5 * kMinute);
  add_service(s, "frontend", 2, 16, 32, 3 * kMillisecond);
  add_service(s, "catalog", 2, 8, 32, 5 * kMillisecond).errors = 0.01;
  add_service(s, "db", 1, 4, 16, 2 * kMillisecond);
  CallSpec& c = add_call(s, "frontend", "catalog");
  c.timeout = 20 * kMillisecond;
  c.retries = 1;
  c.parallel = true;
  add_call(s, "frontend", "db").parallel = true;
  add_call(s, "catalog", "db").p = 0.5;
  add_traffic(s, "frontend", 300);
  return s;
}

std::vector<double> all_samples(const Simulation& sim) {
  std::vector<double> out;
  const MetricStore& m = sim.metrics();
  for (SeriesId id = 0; id < m.size(); ++id) {
    for (const Sample& s : m.series(id).samples) out.push_back(s.value);
  }
  return out;
}

}  // namespace

TEST_CASE("the same seed gives the same run, another seed another run", "[determinism]") {
  Scenario s = small_graph();
  Simulation a(s, 42), b(s, 42), c(s, 43);
  a.run_until(5 * kMinute);
  b.run_until(5 * kMinute);
  c.run_until(5 * kMinute);
  CHECK(a.events_executed() == b.events_executed());
  CHECK(all_samples(a) == all_samples(b));
  CHECK(a.journal().logs.size() == b.journal().logs.size());
  CHECK(all_samples(a) != all_samples(c));
}

TEST_CASE("running in steps gives the same run as running at once", "[determinism]") {
  Scenario s = small_graph();
  Simulation a(s, 42), b(s, 42);
  a.run_until(5 * kMinute);
  for (SimTime t = 7 * kSecond; t < 5 * kMinute; t += 7 * kSecond) b.run_until(t);
  b.run_until(5 * kMinute);
  CHECK(all_samples(a) == all_samples(b));
}

TEST_CASE("adding a service does not change the random numbers of the others", "[determinism]") {
  Scenario s = small_graph();
  Scenario bigger = s;
  add_service(bigger, "unrelated", 1, 1, 1, kMillisecond);
  Simulation a(s, 42), b(bigger, 42);
  a.run_until(5 * kMinute);
  b.run_until(5 * kMinute);
  CHECK(a.summary()[0].requests == b.summary()[0].requests);
  CHECK(a.summary()[1].p99 == b.summary()[1].p99);
}
