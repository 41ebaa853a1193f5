// Pacing a drill to the wall clock: where the simulation should be now, given
// the speed (simulated seconds per wall-clock second), pauses and speed
// changes. Pure arithmetic over microsecond counts, so that it is tested
// without sleeping; the console feeds it std::chrono::steady_clock.
#pragma once

#include <cstdint>

#include "sim/base/time.h"

namespace firedrill::cli::drill {

// Wall-clock microseconds (from any fixed origin, e.g. steady_clock's).
using WallTime = std::int64_t;

inline constexpr double kMinSpeed = 0.1;
inline constexpr double kMaxSpeed = 100000;

class PaceClock {
 public:
  // The simulation is at `sim` at wall time `wall`, running at `speed`.
  PaceClock(WallTime wall, SimTime sim, double speed);

  // The simulated time the run should have reached at `wall` (never before
  // the time of the last anchor: pause, resume, speed change or rebase).
  SimTime target(WallTime wall) const;

  // Stops the clock at `sim` (where the simulation actually is).
  void pause(WallTime wall, SimTime sim);
  // Starts it again from where it was paused.
  void resume(WallTime wall);
  bool paused() const { return paused_; }

  // Changes the speed from now on (`speed` in [kMinSpeed, kMaxSpeed]),
  // continuing from `sim`.
  void set_speed(WallTime wall, SimTime sim, double speed);
  double speed() const { return speed_; }

  // Continues from `sim` at `wall`: when the simulation cannot keep up, the
  // console re-anchors instead of racing to catch up.
  void rebase(WallTime wall, SimTime sim);

 private:
  WallTime anchor_wall_;
  SimTime anchor_sim_;
  double speed_;
  bool paused_ = false;
};

}  // namespace firedrill::cli::drill
