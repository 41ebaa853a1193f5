// Frame::draw: the default layout (timeline across the top, graph and
// metrics in the middle, alerts, log and score card below) and the panels.
#include "viewer/app/frame.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <chrono>

namespace firedrill::viewer {
namespace {

// A panel's default place as fractions of the display.
struct Place {
  const char* id;
  const char* title;
  float x, y, w, h;
};

constexpr float kTimelineHeight = 0.16f;
constexpr float kMiddleBottom = 0.64f;
constexpr Place kPlaces[] = {
    {"timeline", "Timeline", 0.0f, 0.0f, 1.0f, kTimelineHeight},
    {"graph", "Service graph", 0.0f, kTimelineHeight, 0.5f, kMiddleBottom - kTimelineHeight},
    {"metrics", "Metrics", 0.5f, kTimelineHeight, 0.5f, kMiddleBottom - kTimelineHeight},
    {"alerts", "Alerts and pages", 0.0f, kMiddleBottom, 0.36f, 1.0f - kMiddleBottom},
    {"log", "Actions and log", 0.36f, kMiddleBottom, 0.34f, 1.0f - kMiddleBottom},
    {"score", "Score card", 0.70f, kMiddleBottom, 0.30f, 1.0f - kMiddleBottom},
};

}  // namespace

Frame::Frame(const Replay& replay)
    : timeline_(replay),
      graph_(replay),
      metrics_(replay),
      alerts_(replay),
      log_(replay),
      score_(replay) {}

void Frame::draw(ViewContext& ctx, float width, float height, bool fixed_layout) {
  poll_card(ctx.card);
  handle_keys(ctx);
  const ImGuiCond cond = fixed_layout ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  for (const Place& place : kPlaces) {
    ImGui::SetNextWindowPos(ImVec2(place.x * width, place.y * height), cond);
    ImGui::SetNextWindowSize(ImVec2(place.w * width, place.h * height), cond);
    // "Title###id": the title may change without losing the remembered place.
    const std::string name = std::string(place.title) + "###" + place.id;
    // The panels tile the display, so their backgrounds would paint every
    // pixel a second time over the clear (which already has the background
    // colour): in a software renderer, fill rate is most of a frame's cost.
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBackground;
    if (std::string_view(place.id) == "timeline") flags |= ImGuiWindowFlags_NoScrollbar;
    if (ImGui::Begin(name.c_str(), nullptr, flags)) {
      const std::string_view id = place.id;
      if (id == "timeline") timeline_.draw(ctx);
      if (id == "graph") graph_.draw(ctx);
      if (id == "metrics") metrics_.draw(ctx);
      if (id == "alerts") alerts_.draw(ctx);
      if (id == "log") log_.draw(ctx);
      if (id == "score") score_.draw(ctx);
    }
    const ImVec2 pos = ImGui::GetWindowPos();
    const ImVec2 size = ImGui::GetWindowSize();
    ctx.geometry.panels[place.id] = PixelRect{pos.x, pos.y, size.x, size.y};
    ImGui::End();
  }
  if (ctx.jump_to) {
    ctx.playback.pause();
    ctx.playback.seek(*ctx.jump_to);
    ctx.jump_to.reset();
  }
}

void handle_keys(ViewContext& ctx) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  Playback& p = ctx.playback;
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) p.toggle_play();
  if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) p.step_forward();
  if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) p.step_back();
  if (ImGui::IsKeyPressed(GLFW_KEY_KP_ADD, false) || ImGui::IsKeyPressed(GLFW_KEY_EQUAL, false)) {
    p.faster();
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT, false) ||
      ImGui::IsKeyPressed(GLFW_KEY_MINUS, false)) {
    p.slower();
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_HOME, false)) p.home();
  if (ImGui::IsKeyPressed(GLFW_KEY_END, false)) p.to_end();
}

void poll_card(CardSlot& slot) {
  if (slot.state != CardSlot::State::kComputing || !slot.pending.valid()) return;
  if (slot.pending.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  try {
    slot.card = slot.pending.get();
    slot.state = CardSlot::State::kReady;
  } catch (const std::exception& e) {
    slot.error = e.what();
    slot.state = CardSlot::State::kFailed;
  }
}

}  // namespace firedrill::viewer
