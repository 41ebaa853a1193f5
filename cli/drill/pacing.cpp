// Pacing arithmetic: sim = anchor + (wall - anchor_wall) x speed.
#include "cli/drill/pacing.h"

#include <algorithm>
#include <cmath>

namespace firedrill::cli::drill {

PaceClock::PaceClock(WallTime wall, SimTime sim, double speed)
    : anchor_wall_(wall), anchor_sim_(sim), speed_(speed) {}

SimTime PaceClock::target(WallTime wall) const {
  if (paused_) return anchor_sim_;
  const WallTime elapsed = std::max<WallTime>(0, wall - anchor_wall_);
  return anchor_sim_ + std::llround(static_cast<double>(elapsed) * speed_);
}

void PaceClock::pause(WallTime wall, SimTime sim) {
  anchor_wall_ = wall;
  anchor_sim_ = sim;
  paused_ = true;
}

void PaceClock::resume(WallTime wall) {
  anchor_wall_ = wall;
  paused_ = false;
}

void PaceClock::set_speed(WallTime wall, SimTime sim, double speed) {
  anchor_wall_ = wall;
  anchor_sim_ = sim;
  speed_ = std::clamp(speed, kMinSpeed, kMaxSpeed);
}

void PaceClock::rebase(WallTime wall, SimTime sim) {
  anchor_wall_ = wall;
  anchor_sim_ = sim;
}

}  // namespace firedrill::cli::drill
