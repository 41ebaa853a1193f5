#include "viewer/panels/metrics_panel.h"

#include <imgui.h>

namespace firedrill::viewer {

MetricsPanel::MetricsPanel(const Replay&) {}

void MetricsPanel::draw(ViewContext&) { ImGui::TextUnformatted("(metrics: not written yet)"); }

}  // namespace firedrill::viewer
