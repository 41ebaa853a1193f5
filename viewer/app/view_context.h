// What the panels of one viewer window share: the replay, the cursor, the
// selection and toggles, the score card (computed in the background), and
// the geometry the frame drew (for --geometry and the screenshot tests).
#pragma once

#include <functional>
#include <future>
#include <map>
#include <optional>
#include <string>

#include "scoring/score_card.h"
#include "viewer/replay/playback.h"
#include "viewer/replay/replay.h"

namespace firedrill::viewer {

// Computes the score card of a replay (the cli wires scoring and its
// do-nothing baseline in). May throw; runs on a worker thread.
using ScoreCardSource = std::function<ScoreCard(const Replay&)>;

// The score card as the panel sees it.
struct CardSlot {
  enum class State { kNone, kComputing, kReady, kFailed };
  State state = State::kNone;
  std::optional<ScoreCard> card;
  std::string error;  // kFailed: why
  std::future<ScoreCard> pending;
};

// A rectangle in window pixels (origin top left).
struct PixelRect {
  float x = 0, y = 0, w = 0, h = 0;
};

// Where the last frame drew things, for tests and docs.
struct FrameGeometry {
  std::map<std::string, PixelRect> panels;  // by panel id: "timeline", "graph", ...
  struct Node {
    float x = 0, y = 0, radius = 0;
    std::string state;  // health_state_name at the cursor
  };
  std::map<std::string, Node> nodes;  // by service name
};

struct ViewContext {
  explicit ViewContext(const Replay& r)
      : replay(r), playback(r.end(), r.recording.info.scrape_interval) {}

  const Replay& replay;
  Playback playback;
  std::optional<std::size_t> selected;  // service index
  bool show_truth = false;              // mark where the faults really are
  CardSlot card;
  FrameGeometry geometry;
  // Set by a panel to ask the frame to put the cursor here (a marker or a
  // score item clicked).
  std::optional<SimTime> jump_to;
};

}  // namespace firedrill::viewer
