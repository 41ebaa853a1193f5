#include "viewer/panels/widgets.h"

namespace firedrill::viewer {

void colored(const ImVec4& color, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

void dim(const char* text) {
  colored(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), text);
}

void dim_wrapped(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

std::string run_clock(SimTime t) {
  std::string s = format_clock(t);
  if (s.size() > 4 && s.compare(s.size() - 4, 4, ".000") == 0) s.resize(s.size() - 4);
  return s;
}

std::string clock_of_day(const Replay& replay, SimTime t) {
  return run_clock((replay.recording.info.start_of_day + t) % kDay);
}

void time_link(ViewContext& ctx, SimTime t, int id, bool show_clock_time) {
  const std::string text = show_clock_time ? clock_of_day(ctx.replay, t) : run_clock(t);
  ImGui::PushID(id);
  ImGui::PushStyleColor(ImGuiCol_Text, kLink);
  const bool clicked = ImGui::Selectable(text.c_str(), false, ImGuiSelectableFlags_None,
                                         ImGui::CalcTextSize(text.c_str()));
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) {
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(lo.x, hi.y), hi, ImGui::GetColorU32(kLink));
    if (show_clock_time) {
      ImGui::SetTooltip("%s into the run: click to go there", run_clock(t).c_str());
    } else {
      ImGui::SetTooltip("%s on the run's clock: click to go there",
                        clock_of_day(ctx.replay, t).c_str());
    }
  }
  ImGui::PopID();
  if (clicked) ctx.jump_to = t;
}

}  // namespace firedrill::viewer
