#include "viewer/panels/alerts_panel.h"

#include <imgui.h>

namespace firedrill::viewer {

AlertsPanel::AlertsPanel(const Replay&) {}

void AlertsPanel::draw(ViewContext&) { ImGui::TextUnformatted("(alerts: not written yet)"); }

}  // namespace firedrill::viewer
