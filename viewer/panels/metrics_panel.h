// The Metrics panel: the selected service's key series as six plots over
// the whole run (request rate, error ratio, p99 latency, memory against its
// limit, CPU, replicas up against desired), each with the cursor line, the
// value at the cursor in its title, and the alert thresholds that watch the
// service as dashed lines coloured by severity (page red, ticket amber,
// warning yellow). Hovering a plot reads values off it; pressing it moves
// the cursor there. With no service selected it shows the traffic's entry
// service (never the root cause: that would give the incident away).
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "viewer/app/view_context.h"
#include "viewer/panels/plot.h"

namespace firedrill::viewer {

class MetricsPanel {
 public:
  explicit MetricsPanel(const Replay& replay);
  // Draws the panel's contents inside the current ImGui window.
  void draw(ViewContext& ctx);

 private:
  static constexpr std::size_t kPlots = 6;  // one per PlotKind
  // Each service's threshold lines per plot, built once: a frame copies
  // nothing and formats only the titles.
  using Lines = std::array<std::vector<PlotLine>, kPlots>;

  const Replay& replay_;
  std::size_t default_service_ = 0;  // shown while nothing is selected
  std::vector<Lines> lines_;         // by service index
  std::vector<bool> has_limit_;      // by service index: whether it has a memory limit
  TimePlot plot_;
  PlotSpec spec_;  // reused from plot to plot
};

}  // namespace firedrill::viewer
