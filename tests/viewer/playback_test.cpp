// The replay cursor: play, pause, speed, steps and the ends of the run.
#include <catch2/catch.hpp>

#include "viewer/replay/playback.h"

using namespace firedrill;
using namespace firedrill::viewer;

TEST_CASE("playback starts paused at 0 at 60x", "[viewer][playback]") {
  Playback p(kHour);
  CHECK(p.cursor() == 0);
  CHECK_FALSE(p.playing());
  CHECK(p.speed() == 60);
  p.advance(1.0);
  CHECK(p.cursor() == 0);  // paused: wall time does not move it
}

TEST_CASE("playing advances the cursor by speed times wall time", "[viewer][playback]") {
  Playback p(kHour);
  p.toggle_play();
  p.advance(0.5);
  CHECK(p.cursor() == 30 * kSecond);
  p.faster();
  CHECK(p.speed() == 120);
  p.advance(0.25);
  CHECK(p.cursor() == 60 * kSecond);
  // Frames shorter than a microsecond of simulated time add up.
  Playback slow(kHour);
  slow.set_speed_index(0);
  slow.toggle_play();
  for (int i = 0; i < 15; ++i) slow.advance(1e-7);  // 1.5 microseconds
  CHECK(slow.cursor() == 1);
}

TEST_CASE("playback stops at the end and plays again from the start", "[viewer][playback]") {
  Playback p(10 * kMinute);
  p.set_speed_index(static_cast<int>(kSpeeds.size()) - 1);
  CHECK(p.speed() == 600);
  p.toggle_play();
  p.advance(5.0);
  CHECK(p.cursor() == 10 * kMinute);
  CHECK_FALSE(p.playing());
  p.toggle_play();
  CHECK(p.playing());
  CHECK(p.cursor() == 0);
}

TEST_CASE("steps land on scrape times and pause", "[viewer][playback]") {
  Playback p(kHour, 15 * kSecond);
  p.seek(20 * kSecond);
  p.toggle_play();
  p.step_forward();
  CHECK_FALSE(p.playing());
  CHECK(p.cursor() == 30 * kSecond);
  p.step_back();
  CHECK(p.cursor() == 15 * kSecond);
  p.seek(22 * kSecond);
  p.step_back();
  CHECK(p.cursor() == 15 * kSecond);
  p.home();
  p.step_back();
  CHECK(p.cursor() == 0);
  p.to_end();
  p.step_forward();
  CHECK(p.cursor() == kHour);
}

TEST_CASE("speeds stop at 1x and 600x, seeks are clamped", "[viewer][playback]") {
  Playback p(kHour);
  for (int i = 0; i < 20; ++i) p.slower();
  CHECK(p.speed() == 1);
  for (int i = 0; i < 20; ++i) p.faster();
  CHECK(p.speed() == 600);
  p.seek(-5);
  CHECK(p.cursor() == 0);
  p.seek(2 * kHour);
  CHECK(p.cursor() == kHour);
}
