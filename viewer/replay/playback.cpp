#include "viewer/replay/playback.h"

#include <algorithm>
#include <cmath>

namespace firedrill::viewer {

Playback::Playback(SimTime end, SimTime step) : end_(std::max<SimTime>(0, end)), step_(step) {
  if (step_ <= 0) step_ = 15 * kSecond;
}

void Playback::seek(SimTime t) {
  cursor_ = std::clamp<SimTime>(t, 0, end_);
  carry_ = 0;
}

void Playback::toggle_play() {
  if (!playing_ && cursor_ >= end_) seek(0);  // play again from the start
  playing_ = !playing_;
}

void Playback::advance(double wall_seconds) {
  if (!playing_ || wall_seconds <= 0) return;
  carry_ += wall_seconds * speed() * static_cast<double>(kSecond);
  const double whole = std::floor(carry_);
  carry_ -= whole;
  cursor_ = std::min<SimTime>(end_, cursor_ + static_cast<SimTime>(whole));
  if (cursor_ >= end_) playing_ = false;
}

void Playback::step_forward() {
  playing_ = false;
  // To the next multiple of the step, so that steps land on scrapes.
  seek((cursor_ / step_ + 1) * step_);
}

void Playback::step_back() {
  playing_ = false;
  seek(cursor_ % step_ != 0 ? cursor_ / step_ * step_ : cursor_ - step_);
}

void Playback::faster() {
  set_speed_index(speed_index_ + 1);
}
void Playback::slower() {
  set_speed_index(speed_index_ - 1);
}

void Playback::set_speed_index(int i) {
  speed_index_ = std::clamp(i, 0, static_cast<int>(kSpeeds.size()) - 1);
}

}  // namespace firedrill::viewer
