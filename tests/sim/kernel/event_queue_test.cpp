#include <catch2/catch.hpp>

#include <vector>

#include "sim/base/random.h"
#include "sim/kernel/event_queue.h"

using namespace firedrill;

TEST_CASE("events run by time, and in scheduling order at equal times", "[kernel]") {
  Kernel k;
  k.schedule_at(30, 1, 0);
  k.schedule_at(10, 2, 0);
  k.schedule_at(30, 3, 0);
  k.schedule_at(10, 4, 0);
  k.schedule_at(20, 5, 0);
  std::vector<std::uint32_t> order;
  std::vector<SimTime> times;
  k.run_until(kForever, [&](const Event& e) {
    order.push_back(e.kind);
    times.push_back(k.now());
  });
  CHECK(order == std::vector<std::uint32_t>{2, 4, 5, 1, 3});
  CHECK(times == std::vector<SimTime>{10, 10, 20, 30, 30});
}

TEST_CASE("events scheduled while running at the same time run after those already queued",
          "[kernel]") {
  Kernel k;
  k.schedule_at(5, 1, 0);
  k.schedule_at(5, 2, 0);
  std::vector<std::uint32_t> order;
  k.run_until(kForever, [&](const Event& e) {
    order.push_back(e.kind);
    if (e.kind == 1) k.schedule_after(0, 3, 0);
  });
  CHECK(order == std::vector<std::uint32_t>{1, 2, 3});
}

TEST_CASE("run_until stops at the end time and leaves later events queued", "[kernel]") {
  Kernel k;
  k.schedule_at(100, 1, 0);
  k.schedule_at(200, 2, 0);
  int ran = 0;
  k.run_until(150, [&](const Event&) { ++ran; });
  CHECK(ran == 1);
  CHECK(k.now() == 150);
  CHECK(k.pending() == 1);
  k.run_until(200, [&](const Event&) { ++ran; });  // inclusive end
  CHECK(ran == 2);
}

TEST_CASE("the heap agrees with a sorted reference on random workloads", "[kernel]") {
  RandomStream r(99);
  EventQueue q;
  std::vector<std::pair<SimTime, std::uint64_t>> reference;
  for (int i = 0; i < 20000; ++i) {
    SimTime t = static_cast<SimTime>(r.below(500));
    reference.emplace_back(t, q.scheduled());
    q.push(t, 0, 0, 0);
  }
  std::sort(reference.begin(), reference.end());
  for (const auto& [t, seq] : reference) {
    Event e = q.pop();
    REQUIRE(e.time == t);
    REQUIRE(e.seq == seq);
  }
  CHECK(q.empty());
}
