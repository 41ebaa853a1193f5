// GlWindow: GLFW and ImGui set-up, the offscreen framebuffer, PNG output.
#define GL_GLEXT_PROTOTYPES 1
#include "viewer/app/gl_window.h"

#include <GL/gl.h>
#include <GL/glext.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace firedrill::viewer {
namespace {

std::string& last_glfw_error() {
  static std::string error;
  return error;
}

void on_glfw_error(int, const char* description) {
  last_glfw_error() = description;
}

// Clears to the style's window background: the panels draw none of their
// own (frame.cpp), so this is their background.
void clear_to_window_background() {
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
}

[[noreturn]] void fail(const std::string& what) {
  std::string reason = last_glfw_error();
  throw std::runtime_error(reason.empty() ? what : what + ": " + reason);
}

}  // namespace

GlWindow::GlWindow(int width, int height, bool visible, const std::string& title,
                   const std::string& ini_file)
    : ini_file_(ini_file) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) fail("cannot open a window (is there a display? try xvfb-run)");
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
  window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (window_ == nullptr) {
    glfwTerminate();
    fail("cannot create an OpenGL 3.3 window");
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = ini_file_.empty() ? nullptr : ini_file_.c_str();
  ImGui::StyleColorsDark();
  ImGui::GetStyle().WindowRounding = 0;
  ImGui::GetStyle().AntiAliasedFill = false;
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330");
  // Dear ImGui's GLFW backend uses neither the user pointer nor drops.
  glfwSetWindowUserPointer(window_, this);
  glfwSetDropCallback(window_, [](GLFWwindow* w, int count, const char** paths) {
    if (count > 0) static_cast<GlWindow*>(glfwGetWindowUserPointer(w))->dropped_ = paths[0];
  });
}

GlWindow::~GlWindow() {
  if (framebuffer_ != 0) {
    glDeleteFramebuffers(1, &framebuffer_);
    glDeleteRenderbuffers(1, &color_);
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

bool GlWindow::should_close() const {
  return glfwWindowShouldClose(window_) != 0;
}

void GlWindow::wait_events(double timeout) {
  if (timeout > 0) {
    glfwWaitEventsTimeout(timeout);
  } else {
    glfwPollEvents();
  }
}

void GlWindow::set_title(const std::string& title) {
  glfwSetWindowTitle(window_, title.c_str());
}

std::optional<std::string> GlWindow::take_dropped_file() {
  return std::exchange(dropped_, std::nullopt);
}

void GlWindow::begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void GlWindow::end_frame_to_window() {
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, w, h);
  clear_to_window_background();
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(window_);
}

void GlWindow::use_offscreen(int width, int height) {
  off_width_ = width;
  off_height_ = height;
  glGenFramebuffers(1, &framebuffer_);
  glGenRenderbuffers(1, &color_);
  glBindRenderbuffer(GL_RENDERBUFFER, color_);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color_);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    throw std::runtime_error("cannot create an offscreen framebuffer");
  }
}

void GlWindow::begin_offscreen_frame(float dt) {
  ImGui_ImplOpenGL3_NewFrame();
  // The GLFW backend would take the (hidden) window's size and the wall
  // clock; headless frames use the offscreen size and a fixed step.
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(off_width_), static_cast<float>(off_height_));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  io.DeltaTime = dt;
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ImGui::NewFrame();
}

void GlWindow::end_offscreen_frame() {
  ImGui::Render();
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glViewport(0, 0, off_width_, off_height_);
  clear_to_window_background();
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glFinish();
}

std::vector<std::uint8_t> GlWindow::read_pixels() const {
  const auto row = static_cast<std::size_t>(off_width_) * 4;
  std::vector<std::uint8_t> bottom_up(row * static_cast<std::size_t>(off_height_));
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, off_width_, off_height_, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
  std::vector<std::uint8_t> top_down(bottom_up.size());
  for (int y = 0; y < off_height_; ++y) {
    std::copy_n(bottom_up.begin() + static_cast<std::ptrdiff_t>(row) * (off_height_ - 1 - y), row,
                top_down.begin() + static_cast<std::ptrdiff_t>(row) * y);
  }
  for (std::size_t i = 3; i < top_down.size(); i += 4) top_down[i] = 255;  // opaque
  return top_down;
}

void write_png(const std::string& path, const std::vector<std::uint8_t>& rgba, int width,
               int height, int x, int y, int w, int h) {
  x = std::clamp(x, 0, width);
  y = std::clamp(y, 0, height);
  w = std::clamp(w, 0, width - x);
  h = std::clamp(h, 0, height - y);
  if (w == 0 || h == 0) throw std::runtime_error("nothing to write: the crop is empty");
  const std::uint8_t* first = rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4;
  if (stbi_write_png(path.c_str(), w, h, 4, first, width * 4) == 0) {
    throw std::runtime_error("cannot write " + path);
  }
}

}  // namespace firedrill::viewer
