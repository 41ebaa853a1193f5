// Sessions: opening a recording in place of another, and the dialog that
// says why one did not open.
#include "viewer/app/session.h"

#include <fmt/core.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>

namespace firedrill::viewer {

void start_card(Session& session, const ScoreCardSource& score) {
  // Scoring needs the scenario's incident (its ground truth).
  const std::optional<Scenario>& scenario = session.replay->scenario;
  if (!score || !scenario || !scenario->incident) return;
  session.ctx.card.state = CardSlot::State::kComputing;
  // The worker holds the replay: the session may be closed before it ends.
  session.ctx.card.pending =
      std::async(std::launch::async, [score, replay = session.replay] { return score(*replay); });
}

Sessions::Sessions(std::shared_ptr<const Replay> first, ScoreCardSource score)
    : score_(std::move(score)), current_(std::make_unique<Session>(std::move(first))) {}

bool Sessions::open(const std::string& path) {
  std::shared_ptr<const Replay> replay;
  try {
    replay = std::make_shared<const Replay>(open_replay(path));
  } catch (const std::exception& e) {
    dialog_title_ = "Cannot open the recording";
    dialog_text_ = e.what();
    return false;
  }
  auto next = std::make_unique<Session>(replay);
  next->ctx.show_truth = current_->ctx.show_truth;
  if (current_->ctx.card.pending.valid()) retired_.push_back(std::move(current_->ctx.card.pending));
  current_ = std::move(next);
  start_card(*current_, score_);
  if (replay->scenario) {
    dialog_title_.clear();
  } else {
    dialog_title_ = "Opened without its scenario";
    dialog_text_ = fmt::format(
        "{}\n\nIts scenario does not load ({}): the recording is shown without thresholds or "
        "score card.",
        path, replay->scenario_error);
  }
  return true;
}

void Sessions::draw_dialog() {
  if (dialog_title_.empty()) return;
  const std::string id = dialog_title_ + "###dialog";
  if (!ImGui::IsPopupOpen(id.c_str())) ImGui::OpenPopup(id.c_str());
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(display.x * 0.9f, 560.0f), 0), ImGuiCond_Always);
  if (ImGui::BeginPopupModal(id.c_str(), nullptr, ImGuiWindowFlags_NoResize)) {
    ImGui::TextWrapped("%s", dialog_text_.c_str());
    ImGui::Spacing();
    if (ImGui::Button("OK", ImVec2(120, 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
      dialog_title_.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

bool Sessions::computing() {
  const auto running = [](const std::future<ScoreCard>& f) {
    return f.valid() && f.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
  };
  std::erase_if(retired_, [&](const std::future<ScoreCard>& f) { return !running(f); });
  return !retired_.empty() || running(current_->ctx.card.pending);
}

}  // namespace firedrill::viewer
