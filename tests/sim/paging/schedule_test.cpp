// Who is on call when: rotation turns and hand-offs (anchored at the latest
// hand-off at or before the run's start), restriction windows (including
// those that wrap midnight), layers and overrides.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/paging/schedule.h"

using namespace firedrill;

namespace {

ScheduleLayerSpec rotation(std::vector<std::string> users, SimTime length, SimTime handoff) {
  ScheduleLayerSpec layer;
  layer.users = std::move(users);
  layer.rotation = length;
  layer.handoff = handoff;
  return layer;
}

ScheduleSpec schedule_of(std::vector<ScheduleLayerSpec> layers,
                         std::vector<ScheduleOverrideSpec> overrides = {}) {
  ScheduleSpec s;
  s.name = "primary";
  s.layers = std::move(layers);
  s.overrides = std::move(overrides);
  return s;
}

ScheduleOverrideSpec cover(std::string user, SimTime start, SimTime end) {
  ScheduleOverrideSpec o;
  o.user = std::move(user);
  o.start = start;
  o.end = end;
  return o;
}

}  // namespace

TEST_CASE("a hand-off at the start time anchors the first turn at time 0", "[paging]") {
  const ScheduleLayerSpec layer = rotation({"alice", "bob", "carol"}, kDay, 9 * kHour);
  const SimTime start = 9 * kHour;
  CHECK(layer_anchor(layer, start) == 0);
  CHECK(layer_turn(layer, 0, start) == "alice");
  CHECK(layer_turn(layer, kDay - 1, start) == "alice");
  CHECK(layer_turn(layer, kDay, start) == "bob");
  CHECK(layer_turn(layer, 2 * kDay, start) == "carol");
  CHECK(layer_turn(layer, 3 * kDay, start) == "alice");
  CHECK(layer_turn(layer, -1, start) == "carol");  // the turn before the run
}

TEST_CASE("a hand-off later in the day makes the first turn end at it", "[paging]") {
  // Start 09:00, hand-off 10:00, daily: the latest hand-off at or before the
  // start was yesterday 10:00, 23h before time 0.
  const ScheduleLayerSpec layer = rotation({"alice", "bob"}, kDay, 10 * kHour);
  const SimTime start = 9 * kHour;
  CHECK(layer_anchor(layer, start) == -23 * kHour);
  CHECK(layer_turn(layer, -23 * kHour, start) == "alice");
  CHECK(layer_turn(layer, -23 * kHour - 1, start) == "bob");
  CHECK(layer_turn(layer, 0, start) == "alice");
  CHECK(layer_turn(layer, kHour - 1, start) == "alice");
  CHECK(layer_turn(layer, kHour, start) == "bob");
  CHECK(layer_turn(layer, 25 * kHour - 1, start) == "bob");
  CHECK(layer_turn(layer, 25 * kHour, start) == "alice");
}

TEST_CASE("a hand-off earlier in the day anchors the first turn before the start", "[paging]") {
  const ScheduleLayerSpec layer = rotation({"alice", "bob"}, kDay, 8 * kHour);
  const SimTime start = 9 * kHour;
  CHECK(layer_anchor(layer, start) == -kHour);
  CHECK(layer_turn(layer, 0, start) == "alice");
  CHECK(layer_turn(layer, 23 * kHour - 1, start) == "alice");
  CHECK(layer_turn(layer, 23 * kHour, start) == "bob");
}

TEST_CASE("a weekly rotation hands off on the day of the run at the hand-off time", "[paging]") {
  // Start 08:30, hand-off 09:00 every 7d: the turn under way started 7d - 30m
  // before time 0 and ends 30m into the run.
  const ScheduleLayerSpec layer = rotation({"carol", "dave"}, 7 * kDay, 9 * kHour);
  const SimTime start = 8 * kHour + 30 * kMinute;
  CHECK(layer_anchor(layer, start) == -(7 * kDay - 30 * kMinute));
  CHECK(layer_turn(layer, 30 * kMinute - 1, start) == "carol");
  CHECK(layer_turn(layer, 30 * kMinute, start) == "dave");
  CHECK(layer_turn(layer, 7 * kDay + 30 * kMinute - 1, start) == "dave");
  CHECK(layer_turn(layer, 7 * kDay + 30 * kMinute, start) == "carol");
}

TEST_CASE("a rotation that does not divide a day hands off at every multiple", "[paging]") {
  // Start 00:00, hand-offs at 01:00 + k * 7h: 01:00, 08:00, 15:00, 22:00, 05:00
  // the next day...; the anchor is 18:00 the day before, 6h before time 0.
  const ScheduleLayerSpec layer = rotation({"a", "b", "c"}, 7 * kHour, kHour);
  CHECK(layer_anchor(layer, 0) == -6 * kHour);
  CHECK(layer_turn(layer, 0, 0) == "a");
  CHECK(layer_turn(layer, kHour, 0) == "b");
  CHECK(layer_turn(layer, 8 * kHour, 0) == "c");
  CHECK(layer_turn(layer, 15 * kHour, 0) == "a");
  CHECK(layer_turn(layer, 29 * kHour - 1, 0) == "b");
  CHECK(layer_turn(layer, 29 * kHour, 0) == "c");
}

TEST_CASE("a turn is exact to the microsecond and far times do not overflow", "[paging]") {
  const ScheduleLayerSpec layer = rotation({"a", "b"}, kMinute, 0);
  CHECK(layer_turn(layer, kMinute - kMicrosecond, 0) == "a");
  CHECK(layer_turn(layer, kMinute, 0) == "b");
  // INT64_MAX microseconds is turn 153722867280 (even); -INT64_MAX is turn
  // -153722867281 (odd).
  CHECK(layer_turn(layer, kForever, 0) == "a");
  CHECK(layer_turn(layer, -kForever, 0) == "b");
  const ScheduleLayerSpec daily = rotation({"a", "b"}, kDay, 10 * kHour);
  CHECK_NOTHROW(layer_turn(daily, kForever, 9 * kHour));
  CHECK(next_boundary(schedule_of({daily}), kForever - kMinute, 9 * kHour) == kForever);
}

TEST_CASE("outside its restriction windows a layer has nobody", "[paging]") {
  ScheduleLayerSpec layer = rotation({"alice"}, kDay, 9 * kHour);
  layer.restrictions = {TimeOfDayWindow{9 * kHour, 17 * kHour, {}}};
  const SimTime start = 8 * kHour;  // time 0 is 08:00
  CHECK(layer_on_call(layer, 0, start) == "");
  CHECK(layer_on_call(layer, kHour - 1, start) == "");
  CHECK(layer_on_call(layer, kHour, start) == "alice");
  CHECK(layer_on_call(layer, 9 * kHour - 1, start) == "alice");
  CHECK(layer_on_call(layer, 9 * kHour, start) == "");  // 17:00: `to` is excluded
  CHECK(layer_on_call(layer, kDay + kHour, start) == "alice");
  CHECK(layer_turn(layer, 0, start) == "alice");  // the turn goes on regardless
}

TEST_CASE("a restriction window from later to earlier wraps midnight", "[paging]") {
  ScheduleLayerSpec layer = rotation({"nina"}, kDay, 9 * kHour);
  layer.restrictions = {TimeOfDayWindow{22 * kHour, 6 * kHour, {}}};
  const SimTime start = 9 * kHour;
  CHECK(layer_on_call(layer, 0, start) == "");
  CHECK(layer_on_call(layer, 13 * kHour - 1, start) == "");  // 21:59:59.999999
  CHECK(layer_on_call(layer, 13 * kHour, start) == "nina");  // 22:00
  CHECK(layer_on_call(layer, 15 * kHour, start) == "nina");  // 00:00
  CHECK(layer_on_call(layer, 21 * kHour - 1, start) == "nina");
  CHECK(layer_on_call(layer, 21 * kHour, start) == "");  // 06:00
  CHECK(layer_on_call(layer, -3 * kHour, start) == "");  // 06:00 on the day of the run
  CHECK(layer_on_call(layer, -4 * kHour, start) == "nina");
}

TEST_CASE("the topmost layer with someone on call wins", "[paging]") {
  // Bottom: carol and dave weekly; top: alice in office hours, bob at night.
  ScheduleLayerSpec day = rotation({"alice"}, kDay, 9 * kHour);
  day.restrictions = {TimeOfDayWindow{9 * kHour, 17 * kHour, {}}};
  ScheduleLayerSpec night = rotation({"bob"}, kDay, 9 * kHour);
  night.restrictions = {TimeOfDayWindow{23 * kHour, kHour, {}}};
  const ScheduleSpec s =
      schedule_of({rotation({"carol", "dave"}, 7 * kDay, 9 * kHour), day, night});
  const SimTime start = 9 * kHour;
  CHECK(on_call(s, 0, start) == "alice");
  CHECK(on_call(s, 8 * kHour, start) == "carol");   // 17:00
  CHECK(on_call(s, 14 * kHour, start) == "bob");    // 23:00
  CHECK(on_call(s, 16 * kHour, start) == "carol");  // 01:00
  CHECK(on_call(s, 7 * kDay + 16 * kHour, start) == "dave");
  CHECK(on_call(s, 7 * kDay, start) == "alice");
}

TEST_CASE("overrides win over every layer and the last listed wins", "[paging]") {
  const ScheduleSpec s =
      schedule_of({rotation({"alice", "bob"}, kHour, 9 * kHour)},
                  {cover("dave", 30 * kMinute, 90 * kMinute), cover("erin", kHour, 70 * kMinute)});
  const SimTime start = 9 * kHour;
  CHECK(on_call(s, 30 * kMinute - 1, start) == "alice");
  CHECK(on_call(s, 30 * kMinute, start) == "dave");
  CHECK(on_call(s, kHour, start) == "erin");
  CHECK(on_call(s, 70 * kMinute, start) == "dave");
  CHECK(on_call(s, 90 * kMinute - 1, start) == "dave");
  CHECK(on_call(s, 90 * kMinute, start) == "bob");  // `end` is excluded
}

TEST_CASE("a schedule with a gap in every layer has nobody", "[paging]") {
  ScheduleLayerSpec layer = rotation({"alice"}, kDay, 9 * kHour);
  layer.restrictions = {TimeOfDayWindow{10 * kHour, 11 * kHour, {}}};
  const ScheduleSpec s = schedule_of({layer});
  CHECK(on_call(s, 0, 9 * kHour) == "");
  CHECK(on_call(s, kHour, 9 * kHour) == "alice");
  CHECK(on_call(schedule_of({}), 0, 9 * kHour) == "");
}

TEST_CASE("the next boundary is the next hand-off, window edge or override edge", "[paging]") {
  ScheduleLayerSpec office = rotation({"alice"}, kDay, 9 * kHour);
  office.restrictions = {TimeOfDayWindow{9 * kHour, 17 * kHour, {}}};
  const ScheduleSpec s = schedule_of({rotation({"carol", "dave"}, kDay, 10 * kHour), office},
                                     {cover("erin", 20 * kMinute, 40 * kMinute)});
  const SimTime start = 9 * kHour;
  CHECK(next_boundary(s, 0, start) == 20 * kMinute);
  CHECK(next_boundary(s, 20 * kMinute, start) == 40 * kMinute);
  CHECK(next_boundary(s, 40 * kMinute, start) == kHour);      // carol -> dave at 10:00
  CHECK(next_boundary(s, kHour, start) == 8 * kHour);         // 17:00
  CHECK(next_boundary(s, 8 * kHour, start) == kDay);          // 09:00 the next day
  CHECK(next_change(s, 0, start, kForever) == 20 * kMinute);  // alice -> erin
  // At 40m alice is back: alice's window closes at 17:00, but the 10:00
  // hand-off underneath changes nobody's page.
  CHECK(next_change(s, 40 * kMinute, start, kForever) == 8 * kHour);
  CHECK(next_change(s, 40 * kMinute, start, kHour) == kForever);
  CHECK(next_change(schedule_of({rotation({"solo"}, kDay, 0)}), 0, start, 30 * kDay) == kForever);
}
