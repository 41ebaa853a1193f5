// The hot path does not allocate: once a run has warmed up (pools, queues and
// heaps at their working size), simulating more time costs almost no heap
// allocations; the few left are the metric store's vectors growing as
// samples accumulate at each scrape (and log lines, which this healthy
// scenario does not write).

// Sanitizer runtimes bring their own allocation functions, which these
// counting replacements would fight: the test exists in plain builds only.
#ifndef __SANITIZE_ADDRESS__

// The replacements below pair malloc with free on purpose; GCC cannot see
// that operator new is replaced and warns about the pairing.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

#include "scenario_builder.h"
#include "sim/model/simulation.h"

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
}  // namespace

// Counting replacements of the global allocation functions (this test binary only).
void* operator new(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

using namespace firedrill;
using namespace firedrill::testing;

TEST_CASE("a warmed-up run allocates less than once per 10,000 events", "[kernel][allocation]") {
  Scenario s = make_scenario(kHour);
  add_service(s, "frontend", 2, 32, 64, 3 * kMillisecond);
  add_service(s, "catalog", 2, 16, 64, 5 * kMillisecond);
  add_service(s, "db", 1, 16, 64, 2 * kMillisecond);
  CallSpec& c = add_call(s, "frontend", "catalog");
  c.timeout = 200 * kMillisecond;
  c.retries = 1;
  c.parallel = true;
  add_call(s, "frontend", "db").parallel = true;
  add_call(s, "catalog", "db").p = 0.5;
  add_traffic(s, "frontend", 500);

  Simulation sim(s, 1);
  sim.run_until(5 * kMinute);
  const auto events_before = sim.events_executed();
  counting = true;
  sim.run_until(15 * kMinute);
  counting = false;
  const auto events = sim.events_executed() - events_before;
  INFO(allocations.load() << " allocations in " << events << " events");
  REQUIRE(events > 1'000'000);
  CHECK(allocations.load() * 10'000 < static_cast<long>(events));
}

#endif  // __SANITIZE_ADDRESS__
