// The replay cursor: where in the run the viewer is, whether it plays, and
// how fast. Pure logic driven by the frame loop's wall-clock steps, so that
// keyboard and timeline behaviour are unit-tested without a window.
#pragma once

#include <array>

#include "sim/base/time.h"

namespace firedrill::viewer {

// The speeds offered, in simulated seconds per wall second.
inline constexpr std::array<int, 8> kSpeeds = {1, 5, 10, 30, 60, 120, 300, 600};

class Playback {
 public:
  // A run from 0 to `end`; the cursor starts at 0, paused, at 60x.
  explicit Playback(SimTime end = 0, SimTime step = 15 * kSecond);

  SimTime cursor() const { return cursor_; }
  SimTime end() const { return end_; }
  bool playing() const { return playing_; }
  int speed() const { return kSpeeds[speed_index_]; }

  // Moves the cursor to `t`, clamped to [0, end].
  void seek(SimTime t);
  void toggle_play();
  void pause() { playing_ = false; }
  // Advances by `wall_seconds` of real time at the current speed when
  // playing; stops at the end.
  void advance(double wall_seconds);
  // One step (a scrape interval) back or forward; pauses.
  void step_forward();
  void step_back();
  // The next faster or slower of kSpeeds (no change at either end).
  void faster();
  void slower();
  // Picks the speed at index `i` of kSpeeds (clamped).
  void set_speed_index(int i);
  int speed_index() const { return speed_index_; }
  void home() { seek(0); }
  void to_end() { seek(end_); }

 private:
  SimTime end_;
  SimTime step_;
  SimTime cursor_ = 0;
  double carry_ = 0;  // simulated microseconds not yet applied (sub-microsecond frames)
  bool playing_ = false;
  int speed_index_ = 4;  // 60x
};

}  // namespace firedrill::viewer
