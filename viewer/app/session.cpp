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
  std::unique_ptr<Session> next;
  try {
    next = std::make_unique<Session>(std::make_shared<const Replay>(open_replay(path)));
  } catch (const std::exception& e) {
    show_dialog("Cannot open the recording", e.what());
    return false;
  }
  next->ctx.show_truth = current_->ctx.show_truth;
  if (current_->ctx.card.pending.valid()) retired_.push_back(std::move(current_->ctx.card.pending));
  current_ = std::move(next);
  start_card(*current_, score_);
  const Replay& replay = *current_->replay;
  if (replay.scenario) {
    close_dialog_ = !dialog_title_.empty();  // a dialog about an earlier file is stale
  } else {
    show_dialog("Opened without its scenario",
                fmt::format("{}\n\nIts scenario does not load ({}): the recording is shown "
                            "without thresholds or score card.",
                            path, replay.scenario_error));
  }
  return true;
}

void Sessions::show_dialog(std::string title, std::string text) {
  dialog_title_ = std::move(title);
  dialog_text_ = std::move(text);
  close_dialog_ = false;
}

void Sessions::draw_dialog() {
  if (dialog_title_.empty()) return;
  // The title changes, the popup's identity does not ("###dialog").
  const std::string id = dialog_title_ + "###dialog";
  if (!close_dialog_ && !ImGui::IsPopupOpen(id.c_str())) ImGui::OpenPopup(id.c_str());
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(display.x * 0.9f, 560.0f), 0), ImGuiCond_Always);
  if (ImGui::BeginPopupModal(id.c_str(), nullptr, ImGuiWindowFlags_NoResize)) {
    ImGui::TextWrapped("%s", dialog_text_.c_str());
    ImGui::Spacing();
    // Closed from inside the popup, so that ImGui forgets it: a modal left
    // open but no longer drawn would still take every click.
    if (ImGui::Button("OK", ImVec2(120, 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
      close_dialog_ = true;
    }
    if (close_dialog_) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  if (close_dialog_) {
    dialog_title_.clear();
    close_dialog_ = false;
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
