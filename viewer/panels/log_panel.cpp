#include "viewer/panels/log_panel.h"

#include <imgui.h>

namespace firedrill::viewer {

LogPanel::LogPanel(const Replay&) {}

void LogPanel::draw(ViewContext&) { ImGui::TextUnformatted("(log: not written yet)"); }

}  // namespace firedrill::viewer
