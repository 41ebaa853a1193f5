// firedrill view RUN: replays a recording in the viewer (viewer/, docs/viewer.md),
// or, with --screenshot, renders one frame of it to a PNG without a screen.
// The score card is computed here (scoring re-simulates the do-nothing run)
// and handed to the viewer, which runs no simulation itself.
#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/report_errors.h"
#include "cli/scored_run.h"
#include "sim/base/input_error.h"
#include "sim/base/time.h"

#ifdef FIREDRILL_HAVE_VIEWER
#include "viewer/replay/replay.h"
#include "viewer/viewer.h"
#endif

namespace firedrill::cli {
namespace {

struct ViewArgs {
  std::string run;
  std::string at = "0s";
  std::string select;
  bool truth = false;
  std::string screenshot;
  std::string panel;
  std::string geometry;
  std::string size = "1280x800";
  int benchmark = 0;
  bool no_score = false;
};

#ifdef FIREDRILL_HAVE_VIEWER

// Where the window layout is remembered: $XDG_CONFIG_HOME/firedrill/ or
// ~/.config/firedrill/, created if needed; "" when there is no home.
std::string layout_file() {
  std::filesystem::path dir;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    dir = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    dir = std::filesystem::path(home) / ".config";
  } else {
    return {};
  }
  dir /= "firedrill";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return {};
  return (dir / "viewer-layout.ini").string();
}

void parse_size(const std::string& text, viewer::ViewerOptions& options) {
  int w = 0, h = 0;
  char x = 0;
  if (std::sscanf(text.c_str(), "%d%c%d", &w, &x, &h) != 3 || x != 'x' || w < 320 || h < 240 ||
      w > 8192 || h > 8192) {
    throw InputError("--size: expected WIDTHxHEIGHT between 320x240 and 8192x8192, got '" + text +
                     "'");
  }
  options.width = w;
  options.height = h;
}

bool known_panel(const std::string& id) {
  for (const char* p : viewer::kPanelIds) {
    if (id == p) return true;
  }
  return false;
}

int view(const ViewArgs& args) {
  viewer::ViewerOptions options;
  try {
    options.at = parse_duration(args.at);
  } catch (const InputError& e) {
    throw InputError(fmt::format("--at: {}", e.first().message));
  }
  parse_size(args.size, options);
  if (!args.select.empty()) options.select = args.select;
  options.show_truth = args.truth;
  if (!args.screenshot.empty()) options.screenshot = args.screenshot;
  if (!args.panel.empty()) {
    if (!known_panel(args.panel)) {
      throw InputError(
          fmt::format("--panel: no panel '{}' (timeline, graph, metrics, alerts, "
                      "log, score)",
                      args.panel));
    }
    options.panel = args.panel;
  }
  if (!args.geometry.empty()) options.geometry = args.geometry;
  if ((options.panel || options.geometry) && !options.screenshot) {
    throw InputError("--panel and --geometry go with --screenshot");
  }
  options.benchmark_frames = args.benchmark;

  const auto start = std::chrono::steady_clock::now();
  const auto shared = std::make_shared<const viewer::Replay>(viewer::open_replay(args.run));
  const viewer::Replay& replay = *shared;
  const double open_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (options.at > replay.end()) {
    throw InputError(
        fmt::format("--at {}: the recording ends at {}", args.at, format_duration(replay.end())));
  }
  if (!replay.scenario_error.empty()) {
    fmt::print(stderr,
               "{}: warning: its scenario does not load ({}); showing the recording "
               "without thresholds or score card\n",
               args.run, replay.scenario_error);
  }
  if (args.benchmark > 0) fmt::print("{{\"open_ms\": {:.1f}}}\n", open_ms);
  options.layout_file = options.screenshot ? std::string() : layout_file();

  viewer::ScoreCardSource score;
  if (!args.no_score) {
    // For this recording and any dropped on the window later; the viewer
    // asks only for replays whose scenario has an incident.
    score = [](const viewer::Replay& r) {
      const Recording& rec = r.recording;
      UserImpact baseline;
      if (rec.end_time > 0) baseline = baseline_impact(*r.scenario, rec.info.seed, rec.end_time);
      return score_run(view_of(rec, *r.scenario), &baseline);
    };
  }
  return viewer::run_viewer(shared, options, score);
}

#endif

}  // namespace

void add_view_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("view", "Replay a recorded run in the viewer (docs/viewer.md)");
  auto args = std::make_shared<ViewArgs>();
  cmd->add_option("RUN", args->run, "A recording (.fdrec) written by run or drill")->required();
  cmd->add_option("--at", args->at, "Start with the cursor at this run time (e.g. 12m30s)");
  cmd->add_option("--select", args->select, "Start with this service selected");
  cmd->add_flag("--truth", args->truth, "Start with the hidden truth shown (where the fault is)");
  cmd->add_option("--screenshot", args->screenshot,
                  "Render one frame at --at to this PNG file and exit (no interaction)");
  cmd->add_option("--panel", args->panel,
                  "With --screenshot: only this panel (timeline, graph, metrics, alerts, log, "
                  "score)");
  cmd->add_option("--geometry", args->geometry,
                  "With --screenshot: write where each panel and node was drawn (JSON)");
  cmd->add_option("--size", args->size, "Window or screenshot size, WIDTHxHEIGHT")
      ->default_str("1280x800");
  cmd->add_option("--benchmark", args->benchmark,
                  "Render this many frames offscreen over the run and print timings (JSON)");
  cmd->add_flag("--no-score", args->no_score,
                "Do not compute the score card (it re-simulates the do-nothing run)");
  cmd->callback([args, &exit_code] {
    exit_code = report_errors([&] {
#ifdef FIREDRILL_HAVE_VIEWER
      return view(*args);
#else
      throw InputError(
          "this firedrill was built without the viewer: it needs GLFW 3.3, OpenGL and Dear ImGui "
          "(Debian: libglfw3-dev libgl-dev libopengl-dev libimgui-dev libstb-dev), then rebuild");
      return kExitFailure;
#endif
    });
  });
}

}  // namespace firedrill::cli
