#include "sim/paging/schedule.h"

#include <algorithm>

namespace firedrill {
namespace {

// Floor division and its non-negative remainder, for b > 0.
SimTime floor_div(SimTime a, SimTime b) {
  SimTime q = a / b;
  if (a % b != 0 && a < 0) --q;
  return q;
}

SimTime floor_mod(SimTime a, SimTime b) {
  const SimTime r = a % b;
  return r < 0 ? r + b : r;
}

// The clock time of day at `time`, in [0, kDay).
SimTime time_of_day(SimTime time, SimTime start_of_day) {
  return floor_mod(floor_mod(start_of_day, kDay) + floor_mod(time, kDay), kDay);
}

// time + delta (delta > 0), or kForever if that is beyond any time.
SimTime later(SimTime time, SimTime delta) {
  return time > kForever - delta ? kForever : time + delta;
}

bool in_window(const TimeOfDayWindow& w, SimTime clock) {
  if (w.from <= w.to) return clock >= w.from && clock < w.to;
  return clock >= w.from || clock < w.to;  // wraps midnight
}

SimTime layer_next_boundary(const ScheduleLayerSpec& layer, SimTime time, SimTime start_of_day) {
  if (layer.rotation <= 0 || layer.users.empty()) return kForever;
  SimTime next = kForever;
  // Time since the current turn started: (time - anchor) mod rotation,
  // computed without forming time - anchor (anchor is in (-rotation, 0]).
  const SimTime anchor = layer_anchor(layer, start_of_day);
  const SimTime into_turn = floor_mod(floor_mod(time, layer.rotation) - anchor, layer.rotation);
  if (layer.users.size() > 1) next = later(time, layer.rotation - into_turn);
  if (!layer.restrictions.empty()) {
    const SimTime clock = time_of_day(time, start_of_day);
    for (const TimeOfDayWindow& w : layer.restrictions) {
      for (SimTime edge : {w.from, w.to}) {
        SimTime delta = floor_mod(edge - clock, kDay);
        if (delta == 0) delta = kDay;
        next = std::min(next, later(time, delta));
      }
    }
  }
  return next;
}

}  // namespace

SimTime layer_anchor(const ScheduleLayerSpec& layer, SimTime start_of_day) {
  if (layer.rotation <= 0) return 0;
  return -floor_mod(floor_mod(start_of_day, kDay) - floor_mod(layer.handoff, kDay), layer.rotation);
}

const std::string& layer_turn(const ScheduleLayerSpec& layer, SimTime time, SimTime start_of_day) {
  static const std::string kNobody;
  if (layer.users.empty()) return kNobody;
  if (layer.rotation <= 0) return layer.users.front();
  // floor((time - anchor) / rotation) without overflow near kForever: the
  // remainder of time, less the anchor, is in [0, 2 * rotation).
  const SimTime anchor = layer_anchor(layer, start_of_day);
  SimTime turn = floor_div(time, layer.rotation);
  if (floor_mod(time, layer.rotation) - anchor >= layer.rotation) ++turn;
  const auto n = static_cast<SimTime>(layer.users.size());
  return layer.users[static_cast<std::size_t>(floor_mod(turn, n))];
}

bool layer_active(const ScheduleLayerSpec& layer, SimTime time, SimTime start_of_day) {
  if (layer.restrictions.empty()) return true;
  const SimTime clock = time_of_day(time, start_of_day);
  return std::any_of(layer.restrictions.begin(), layer.restrictions.end(),
                     [clock](const TimeOfDayWindow& w) { return in_window(w, clock); });
}

std::string layer_on_call(const ScheduleLayerSpec& layer, SimTime time, SimTime start_of_day) {
  if (!layer_active(layer, time, start_of_day)) return "";
  return layer_turn(layer, time, start_of_day);
}

std::string on_call(const ScheduleSpec& schedule, SimTime time, SimTime start_of_day) {
  for (auto o = schedule.overrides.rbegin(); o != schedule.overrides.rend(); ++o) {
    if (time >= o->start && time < o->end) return o->user;
  }
  for (auto layer = schedule.layers.rbegin(); layer != schedule.layers.rend(); ++layer) {
    std::string user = layer_on_call(*layer, time, start_of_day);
    if (!user.empty()) return user;
  }
  return "";
}

SimTime next_boundary(const ScheduleSpec& schedule, SimTime time, SimTime start_of_day) {
  SimTime next = kForever;
  for (const ScheduleLayerSpec& layer : schedule.layers) {
    next = std::min(next, layer_next_boundary(layer, time, start_of_day));
  }
  for (const ScheduleOverrideSpec& o : schedule.overrides) {
    if (o.start > time) next = std::min(next, o.start);
    if (o.end > time) next = std::min(next, o.end);
  }
  return next;
}

SimTime next_change(const ScheduleSpec& schedule, SimTime time, SimTime start_of_day,
                    SimTime horizon) {
  const std::string now = on_call(schedule, time, start_of_day);
  SimTime at = time;
  while (true) {
    at = next_boundary(schedule, at, start_of_day);
    if (at == kForever || at > horizon) return kForever;
    if (on_call(schedule, at, start_of_day) != now) return at;
  }
}

}  // namespace firedrill
