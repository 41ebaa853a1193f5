#include "viewer/panels/score_panel.h"

#include <imgui.h>

namespace firedrill::viewer {

ScorePanel::ScorePanel(const Replay&) {}

void ScorePanel::draw(ViewContext&) { ImGui::TextUnformatted("(score: not written yet)"); }

}  // namespace firedrill::viewer
