// firedrill's replay viewer: a Dear ImGui window over a recording, with a
// timeline, the service graph, metric plots, alerts and pages, actions and
// logs, and the score card (docs/viewer.md). Built only when GLFW and
// OpenGL are found; FIREDRILL_HAVE_VIEWER says whether it was.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sim/base/time.h"
#include "viewer/app/view_context.h"

namespace firedrill::viewer {

struct ViewerOptions {
  int width = 1280;  // window (or screenshot) size in pixels
  int height = 800;
  SimTime at = 0;                     // the cursor at start
  std::optional<std::string> select;  // a service to select at start
  bool show_truth = false;            // the hidden-truth toggle at start
  // Headless: render one frame at `at` and write it here as PNG, then exit.
  std::optional<std::string> screenshot;
  // With `screenshot`: crop to this panel ("timeline", "graph", "metrics",
  // "alerts", "log", "score").
  std::optional<std::string> panel;
  // With `screenshot`: also write the frame's geometry (panel rectangles,
  // node centres and states) as JSON here.
  std::optional<std::string> geometry;
  // Measure instead of showing: render this many frames offscreen at cursor
  // positions spread over the run and print timings as JSON.
  int benchmark_frames = 0;
  // Where the window layout is remembered; "" = not remembered.
  std::string layout_file;
};

// Opens a window on `replay` and runs until it is closed, or does the
// headless job the options ask for. A recording dropped on the window is
// opened in its place (or a dialog says why it cannot be). `score` computes
// a replay's score card in the background (empty: no card). Returns the
// process exit status; throws std::runtime_error when no window can be
// opened (no display, no OpenGL 3).
int run_viewer(std::shared_ptr<const Replay> replay, const ViewerOptions& options,
               ScoreCardSource score);

// The panel ids, in the order the frame lays them out.
inline constexpr const char* kPanelIds[] = {"timeline", "graph", "metrics",
                                            "alerts",   "log",   "score"};

}  // namespace firedrill::viewer
