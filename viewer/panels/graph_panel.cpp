#include "viewer/panels/graph_panel.h"

#include <imgui.h>

namespace firedrill::viewer {

GraphPanel::GraphPanel(const Replay&) {}

void GraphPanel::draw(ViewContext&) { ImGui::TextUnformatted("(graph: not written yet)"); }

}  // namespace firedrill::viewer
