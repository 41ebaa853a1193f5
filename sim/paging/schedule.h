// Who is on call for a schedule at a simulated time (docs/paging.md,
// "Schedules"). Exact integer arithmetic on SimTime; no state.
//
// A layer's turns start at every instant handoff + k * rotation of clock time
// (k any integer, counted from the midnight before the run). Its anchor is
// the latest such instant at or before simulated time 0 (so in (-rotation, 0]);
// at time t the layer's user is users[floor((t - anchor) / rotation) mod n]:
// the first user's turn is the one under way when the run starts. Outside
// all of a layer's restriction windows, the layer has nobody.
//
// A schedule's on-call at t: the override covering t (the last listed if
// several), else the topmost (last listed) layer that has someone, else
// nobody ("").
#pragma once

#include <string>

#include "sim/base/time.h"
#include "sim/paging/oncall_spec.h"

namespace firedrill {

// The simulated time of the latest hand-off at or before simulated time 0,
// in (-layer.rotation, 0]. `start_of_day` is the clock time at time 0.
SimTime layer_anchor(const ScheduleLayerSpec& layer, SimTime start_of_day);

// The user whose turn of the rotation is under way at `time`, ignoring the
// restrictions.
const std::string& layer_turn(const ScheduleLayerSpec& layer, SimTime time, SimTime start_of_day);

// Whether `time` falls in one of the layer's restriction windows (always true
// without restrictions).
bool layer_active(const ScheduleLayerSpec& layer, SimTime time, SimTime start_of_day);

// Who the layer has on call at `time`: its turn's user if active, else "".
std::string layer_on_call(const ScheduleLayerSpec& layer, SimTime time, SimTime start_of_day);

// Who the schedule has on call at `time` ("" if nobody).
std::string on_call(const ScheduleSpec& schedule, SimTime time, SimTime start_of_day);

// The earliest instant after `time` at which the schedule's on-call may
// change: a layer's hand-off, a restriction window opening or closing, an
// override starting or ending. kForever if none. The person on call may be
// the same on both sides (a one-user rotation, a window edge covered by a
// lower layer); every change happens at such an instant.
SimTime next_boundary(const ScheduleSpec& schedule, SimTime time, SimTime start_of_day);

// The instant after `time` at which the person on call first differs from
// on_call(schedule, time), looking no further than `horizon` (kForever if no
// change by then).
SimTime next_change(const ScheduleSpec& schedule, SimTime time, SimTime start_of_day,
                    SimTime horizon);

}  // namespace firedrill
