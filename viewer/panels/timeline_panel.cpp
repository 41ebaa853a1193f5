#include "viewer/panels/timeline_panel.h"

#include <imgui.h>

namespace firedrill::viewer {

TimelinePanel::TimelinePanel(const Replay&) {}

void TimelinePanel::draw(ViewContext&) { ImGui::TextUnformatted("(timeline: not written yet)"); }

}  // namespace firedrill::viewer
